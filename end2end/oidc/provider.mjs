// A real OpenID Connect provider for the end-to-end tests, standing in for DfE Sign-in:
// `oidc-provider`, a certified implementation, with its own sign-in pages (development
// interactions: any password is accepted) and one client, the service under test.
//
// Any login name is an account: "anne.wilson" is sub "dsi-anne.wilson" with email
// anne.wilson@education.gov.uk and names "Anne" "Wilson", so accounts match the seeded users.
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT ?? 3101);
const appURL = process.env.OIDC_APP_URL ?? 'http://127.0.0.1:3102';
const issuer = `http://127.0.0.1:${port}`;

const capitalise = (word) => word.charAt(0).toUpperCase() + word.slice(1);

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'rotp-support',
      client_secret: 'rotp-support-test-secret',
      redirect_uris: [`${appURL}/auth/dfe/callback`],
      post_logout_redirect_uris: [`${appURL}/sign-in`],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['given_name', 'family_name'],
  },
  // ID tokens carry the claims, as DfE Sign-in's do.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  cookies: { keys: ['end-to-end-tests-only'] },
  async findAccount(_ctx, login) {
    const [first = login, last = ''] = login.split('.');
    return {
      accountId: login,
      async claims() {
        return {
          sub: `dsi-${login}`,
          email: `${login}@education.gov.uk`,
          email_verified: true,
          given_name: capitalise(first),
          family_name: capitalise(last),
        };
      },
    };
  },
});
provider.proxy = false;

provider.listen(port, '127.0.0.1', () => {
  console.log(`OpenID Connect provider at ${issuer}`);
});
