#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests, on 127.0.0.1 and a free port.
#
#   .ci/postgres.sh start [DIR]   create a cluster in DIR and start it; prints its URL
#   .ci/postgres.sh stop [DIR]    stop it and delete DIR
#   .ci/postgres.sh url [DIR]     print the URL of the running server
#
# DIR defaults to /tmp/crosswire-pg. The URL names a superuser `postgres` with no password
# (trust authentication, local TCP only): crosswire's tests create and drop one database per
# test in it. Run as root, the server runs as the `postgres` system user (else `nobody`),
# since PostgreSQL refuses to run as root. Use it with
#
#   export CROSSWIRE_TEST_POSTGRES=$(.ci/postgres.sh start)
set -euo pipefail

cmd=${1:-}
dir=${2:-${TMPDIR:-/tmp}/crosswire-pg}

bindir() {
    local found
    if command -v pg_config >/dev/null && [ -x "$(pg_config --bindir)/initdb" ]; then
        pg_config --bindir
        return
    fi
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -n "$found" ] && [ -x "$found/initdb" ]; then
        echo "$found"
    elif command -v initdb >/dev/null; then
        dirname "$(command -v initdb)"
    else
        echo "postgres.sh: no PostgreSQL server binaries (initdb, pg_ctl);" \
            "install them with: apt-get install postgresql" >&2
        exit 2
    fi
}

# Runs a command as the server's owner: this user, or an unprivileged one when root.
as_owner() {
    if [ "$(id -u)" -ne 0 ]; then
        "$@"
    else
        local user=postgres
        id "$user" >/dev/null 2>&1 || user=nobody
        runuser -u "$user" -- "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
    local bin port
    bin=$(bindir)
    if [ -f "$dir/url" ]; then
        echo "postgres.sh: a server is already set up in $dir; stop it first" >&2
        exit 1
    fi
    mkdir -p "$dir"
    chmod 700 "$dir"
    if [ "$(id -u)" -eq 0 ]; then
        local user=postgres
        id "$user" >/dev/null 2>&1 || user=nobody
        chown "$user" "$dir"
    fi
    port=$(free_port)
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale \
        --no-sync >"$dir/initdb.log" 2>&1 || {
        cat "$dir/initdb.log" >&2
        exit 1
    }
    # Speed over durability: the cluster holds nothing worth keeping.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
        -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off \
            -c full_page_writes=off -c max_connections=200" >/dev/null || {
        cat "$dir/server.log" >&2
        exit 1
    }
    echo "postgresql://postgres@127.0.0.1:$port/postgres" | tee "$dir/url"
}

stop() {
    if [ ! -d "$dir/data" ]; then
        echo "postgres.sh: no server in $dir" >&2
        exit 0
    fi
    as_owner "$(bindir)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    rm -rf "$dir"
}

case "$cmd" in
start) start ;;
stop) stop ;;
url) cat "$dir/url" ;;
*)
    echo "usage: $0 start|stop|url [DIR]" >&2
    exit 2
    ;;
esac
