/work/wt/scan/packages/secret-scan/native/target/release/deps/ssoenv_quickscan-ec74ff2b7bfa52f8.d: src/main.rs src/paths.rs src/precheck.rs src/regions.rs src/staged.rs

/work/wt/scan/packages/secret-scan/native/target/release/deps/ssoenv_quickscan-ec74ff2b7bfa52f8: src/main.rs src/paths.rs src/precheck.rs src/regions.rs src/staged.rs

src/main.rs:
src/paths.rs:
src/precheck.rs:
src/regions.rs:
src/staged.rs:
