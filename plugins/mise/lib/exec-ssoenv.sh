# shellcheck shell=sh
# Sourced by the aws:* mise tasks (not a task itself: it is not executable and lives outside tasks/).
# The tasks have no logic of their own: find the `ssoenv` binary and the folder to run it in, then
# exec it with the task's arguments unchanged (relative --env-file paths made absolute). mise has
# already checked them against the task's #USAGE lines.
#
# Where `ssoenv` is looked for, first match wins:
#   1. PATH (`npm install -g` of the release tarballs; mise also puts its `[tools]` there)
#   2. <project root>/node_modules/.bin  (the CLI's tarball installed as a dev dependency)
#   3. node_modules/.bin of the package holding these tasks (a checkout of the ssoenv repository,
#      or npm's nested install of @ssoenv/mise-tasks)
#   4. node_modules/@ssoenv/cli/bin/ssoenv.cjs in either place, run with node; or the @ssoenv/cli
#      beside this package (`npm install -g` of both, or a flat node_modules, puts them side by side)

# exec_ssoenv COMMAND [ARG...]: replaces the shell with `ssoenv COMMAND ARG...`; exits 127 with
# install instructions when no ssoenv is found.
exec_ssoenv() {
  # The task file is $0; the package root is two levels above tasks/aws/.
  _ssoenv_pkg_root=$(cd "$(dirname "$0")/../.." 2>/dev/null && pwd) || _ssoenv_pkg_root=""
  _ssoenv_project_root=${MISE_PROJECT_ROOT:-${MISE_CONFIG_ROOT:-$PWD}}
  # Relative --env-file paths are read from where `mise run` was typed, as the shell would, before
  # ssoenv runs in another folder (a file meant for apps/api would land beside ssoenv.toml).
  if [ "${1:-}" = refresh ] && _ssoenv_typed_in=$(cd "${MISE_ORIGINAL_CWD:-.}" 2>/dev/null && pwd -P); then
    _ssoenv_args=
    _ssoenv_next=
    for _ssoenv_arg in "$@"; do
      if [ "$_ssoenv_next" = path ]; then
        _ssoenv_arg=$(_ssoenv_from_typed "$_ssoenv_arg")
        _ssoenv_next=
      elif [ "$_ssoenv_next" = value ]; then
        _ssoenv_next=
      else
        case $_ssoenv_arg in
          -e | --env-file) _ssoenv_next=path ;;
          -p | --profile | -m | --min-validity) _ssoenv_next=value ;;
          --env-file=*) _ssoenv_arg="--env-file=$(_ssoenv_from_typed "${_ssoenv_arg#--env-file=}")" ;;
          -e?*) _ssoenv_arg="-e$(_ssoenv_from_typed "${_ssoenv_arg#-e}")" ;;
        esac
      fi
      _ssoenv_args="$_ssoenv_args $(_ssoenv_shell_word "$_ssoenv_arg")"
    done
    eval "set -- $_ssoenv_args"
  fi
  _ssoenv_cd_project

  # The task the user typed, which they can surely run again (unlike `ssoenv` on the task's PATH, or its
  # path run with the task's node): ssoenv writes its usage hints as it (`mise run aws:refresh -- --help`).
  if [ -n "${MISE_TASK_NAME:-}" ]; then
    SSOENV_TASK="mise run $(_ssoenv_shell_word "$MISE_TASK_NAME")"
    export SSOENV_TASK
  fi
  if command -v ssoenv >/dev/null 2>&1; then
    exec ssoenv "$@"
  fi
  # Found off PATH, `ssoenv` is no command in the user's shell: ssoenv prints its hints (`ssoenv login
  # --profile dev`) as `mise run aws:login --profile dev`, other commands with the path run here.
  SSOENV_LOGIN_COMMAND="mise run aws:login"
  export SSOENV_LOGIN_COMMAND
  for _ssoenv_candidate in \
    "$_ssoenv_project_root/node_modules/.bin/ssoenv" \
    "$_ssoenv_pkg_root/node_modules/.bin/ssoenv"; do
    if [ -x "$_ssoenv_candidate" ]; then
      SSOENV_COMMAND=$(_ssoenv_shell_word "$_ssoenv_candidate")
      export SSOENV_COMMAND
      exec "$_ssoenv_candidate" "$@"
    fi
  done
  for _ssoenv_candidate in \
    "$_ssoenv_project_root/node_modules/@ssoenv/cli/bin/ssoenv.cjs" \
    "$_ssoenv_pkg_root/node_modules/@ssoenv/cli/bin/ssoenv.cjs" \
    "$_ssoenv_pkg_root/../cli/bin/ssoenv.cjs"; do
    if [ -f "$_ssoenv_candidate" ] && command -v node >/dev/null 2>&1; then
      SSOENV_COMMAND="node -- $(_ssoenv_shell_word "$_ssoenv_candidate")"
      export SSOENV_COMMAND
      # `--` ends node's own options, as ssoenv.cjs's shebang does (Node 20 would take --env-file itself).
      exec node -- "$_ssoenv_candidate" "$@"
    fi
  done

  {
    echo "ssoenv: command not found (looked on PATH and in $_ssoenv_project_root/node_modules/.bin)."
    echo "hint: install it from the release tarballs (the packages are not on the npm registry yet),"
    echo "      on your PATH or as a dev dependency of this project: https://github.com/ssoenv/ssoenv#installing-before-the-packages-are-published"
  } >&2
  exit 127
}

# _ssoenv_cd_project: moves to the folder ssoenv must run in. mise runs a file task in the root of
# the config that includes it: the project's .mise.toml, but $HOME for ~/.config/mise/config.toml,
# whatever project you are in. ssoenv (and hooks/session-warning) take ssoenv.toml from where you are
# upward, so the tasks run in the folder of the nearest ssoenv.toml from where `mise run` was typed
# (in a monorepo, the service's own); without one, in mise's folder when you are inside it and it is
# not $HOME; else where you are, as `ssoenv refresh` there.
_ssoenv_cd_project() {
  _ssoenv_here=$(cd "${MISE_ORIGINAL_CWD:-.}" 2>/dev/null && pwd -P) || return 0
  _ssoenv_dir=$_ssoenv_here
  while :; do
    if [ -f "$_ssoenv_dir/ssoenv.toml" ]; then
      cd "$_ssoenv_dir" || return 0
      return 0
    fi
    [ "$_ssoenv_dir" = / ] && break
    _ssoenv_dir=$(dirname "$_ssoenv_dir")
  done
  _ssoenv_task_dir=$(pwd -P)
  _ssoenv_home=$(cd "${HOME:-/nonexistent}" 2>/dev/null && pwd -P) || _ssoenv_home=
  case "$_ssoenv_here/" in
    "$_ssoenv_task_dir"/*) [ "$_ssoenv_task_dir" != "$_ssoenv_home" ] && return 0 ;;
  esac
  cd "$_ssoenv_here" || return 0
}

# _ssoenv_from_typed PATH: PATH, read from the folder `mise run` was typed in when relative (an empty
# one is left for ssoenv to refuse).
_ssoenv_from_typed() {
  case $1 in
    '' | /*) printf '%s' "$1" ;;
    *) printf '%s/%s' "$_ssoenv_typed_in" "$1" ;;
  esac
}

# _ssoenv_shell_word WORD: WORD as sh reads it back whole (single-quoted when it holds anything else
# than letters, digits and _ . / : @ % + = , -).
_ssoenv_shell_word() {
  case $1 in
    '' | *[!A-Za-z0-9_./:@%+=,-]*) printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")" ;;
    *) printf '%s' "$1" ;;
  esac
}
