fn main() -> std::process::ExitCode {
    runlog::run(std::env::args_os())
}
