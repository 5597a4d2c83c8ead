use clap::Parser;
use server::cli::Cli;
use std::process::ExitCode;

/// Rendering a page allocates many small strings; under load glibc's allocator spent about a
/// sixth of the server's CPU time in malloc and free (measured with `bin/bench --perf`).
/// Built without transparent huge pages (`no_thp`): mimalloc otherwise asks for 2 MiB pages
/// for its arenas, and each touched one is resident whole, which took the server's peak
/// memory from 38 MB to 56 MB under the benchmark for no measurable gain in speed.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let format = match server::telemetry::LogFormat::from_env() {
        Ok(format) => format,
        Err(err) => {
            eprintln!("{err}");
            return ExitCode::from(2);
        }
    };
    let cli = Cli::parse();
    server::telemetry::init(format, cli.logs_to());
    match cli.run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("{err}");
            err.exit_code()
        }
    }
}
