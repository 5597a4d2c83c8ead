// A real OpenID Connect provider for the end-to-end tests, standing in for DfE Sign-in:
// `oidc-provider`, a certified implementation, with its own sign-in pages (development
// interactions: any password is accepted) and one client, the service under test.
//
// Any login name is an account: "anne.wilson" is sub "dsi-anne.wilson" with email
// anne.wilson@education.gov.uk and names "Anne" "Wilson", so accounts match the seeded users.
//
// It signs ID tokens with a key of its own, and `POST /test/rotate-keys` replaces that key
// with a new one (a new `kid`), as DfE Sign-in rotates its keys: the tests check the service
// picks the new key up without a restart. (A new key means a new provider instance, so the
// provider's own sign-in sessions start again too.)
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import http from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT ?? 3101);
const appURL = process.env.OIDC_APP_URL ?? 'http://127.0.0.1:3102';
const issuer = `http://127.0.0.1:${port}`;

const capitalise = (word) => word.charAt(0).toUpperCase() + word.slice(1);

function signingKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), use: 'sig', alg: 'RS256' };
}

const makeProvider = () => {
  const provider = new Provider(issuer, {
    jwks: { keys: [signingKey()] },
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
  return provider.callback();
};

let current = makeProvider();
http
  .createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/test/rotate-keys') {
      current = makeProvider();
      res.writeHead(204).end();
      return;
    }
    current(req, res);
  })
  .listen(port, '127.0.0.1', () => {
    console.log(`OpenID Connect provider at ${issuer}`);
  });
