#!/usr/bin/env bash
# Starts and stops the four real database servers the integration tests run against:
#   PostgreSQL "staging" on 127.0.0.1 and "production" on 127.0.0.2, port $JDBCGUARD_IT_PG_PORT (default 15432)
#   MariaDB    "staging" on 127.0.0.1 and "production" on 127.0.0.2, port $JDBCGUARD_IT_MYSQL_PORT (default 13306)
# Each server gets a fresh data directory under $JDBCGUARD_IT_SERVERS_DIR (default integration-tests/target/servers),
# a database "shop" and the users admin/admin (superuser) and app/app (owner of shop).
#
# Usage: servers.sh start|stop
# Installs the Debian packages postgresql and mariadb-server when their binaries are missing (root only).
set -euo pipefail

readonly SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly MODULE_DIR="$(cd "$SCRIPT_DIR/../../.." && pwd)"
readonly PG_PORT="${JDBCGUARD_IT_PG_PORT:-15432}"
readonly MYSQL_PORT="${JDBCGUARD_IT_MYSQL_PORT:-13306}"
readonly SERVERS_DIR="${JDBCGUARD_IT_SERVERS_DIR:-$MODULE_DIR/target/servers}"
readonly READY_TIMEOUT="${JDBCGUARD_IT_READY_TIMEOUT:-60}"
readonly STAGING_IP=127.0.0.1
readonly PRODUCTION_IP=127.0.0.2

log() { echo "[servers] $*" >&2; }
die() { echo "[servers] ERROR: $*" >&2; exit 1; }

is_root() { [[ "$(id -u)" == 0 ]]; }

# Runs a command as the given system user when root (from /, which every user can enter), as the current user
# otherwise.
as_user() {
    local user="$1"; shift
    if is_root; then (cd / && runuser -u "$user" -- "$@"); else "$@"; fi
}

# The real path of the servers directory (which may be a symlink to a directory in /tmp, see prepare_servers_dir).
servers_root() {
    readlink -m "$SERVERS_DIR"
}

# The directory of the PostgreSQL server binaries: Debian's newest /usr/lib/postgresql/*/bin, else the one holding the
# initdb found on the PATH (symlinks resolved).
pg_bin_dir() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [[ -z "$dir" ]] && command -v initdb >/dev/null 2>&1; then
        dir="$(dirname "$(readlink -f "$(command -v initdb)")")"
    fi
    if [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_isready" && -x "$dir/psql" ]]; then
        echo "$dir"
    fi
}

mariadb_bin() {
    local name="$1" candidate
    for candidate in "$(command -v "$name" 2>/dev/null || true)" "/usr/sbin/$name" "/usr/bin/$name"; do
        if [[ -n "$candidate" && -x "$candidate" ]]; then echo "$candidate"; return; fi
    done
}

ensure_binaries() {
    local missing=()
    [[ -n "$(pg_bin_dir || true)" ]] || missing+=(postgresql)
    [[ -n "$(mariadb_bin mariadbd)" && -n "$(mariadb_bin mariadb-install-db)" ]] || missing+=(mariadb-server)
    ((${#missing[@]} == 0)) && return
    if ! is_root; then
        die "missing database servers; install the Debian packages: ${missing[*]} (sudo apt-get install -y ${missing[*]})"
    fi
    log "installing ${missing[*]} (apt-get)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    [[ -n "$(pg_bin_dir || true)" ]] || die "postgresql was installed but initdb was not found under /usr/lib/postgresql/*/bin"
    [[ -n "$(mariadb_bin mariadbd)" ]] || die "mariadb-server was installed but mariadbd was not found"
}

# When root, the servers run as postgres/mysql, which must be able to reach their data directories. A servers
# directory inside a home directory that they cannot traverse is replaced by a symlink to a private directory in /tmp.
prepare_servers_dir() {
    mkdir -p "$(dirname "$SERVERS_DIR")"
    if is_root && ! { runuser -u postgres -- test -x "$(dirname "$SERVERS_DIR")" \
            && runuser -u mysql -- test -x "$(dirname "$SERVERS_DIR")"; }; then
        local tmp
        tmp="$(mktemp -d /tmp/jdbcguard-it.XXXXXX)"
        chmod 755 "$tmp"
        ln -s "$tmp" "$SERVERS_DIR"
        log "servers directory is not reachable by postgres/mysql; using $tmp"
    else
        mkdir -p "$SERVERS_DIR"
        chmod 755 "$SERVERS_DIR"
    fi
}

port_in_use() {
    local ip="$1" port="$2"
    (exec 3<>"/dev/tcp/$ip/$port") 2>/dev/null
}

require_free_port() {
    local ip="$1" port="$2"
    if port_in_use "$ip" "$port"; then
        die "$ip:$port is already in use by another process ($(ss -ltnpH "sport = :$port" 2>/dev/null | head -n 1)); \
stop it or choose other ports with -Dit.pg.port=... -Dit.mysql.port=..."
    fi
}

show_log_tail() {
    local file="$1"
    if [[ -f "$file" ]]; then
        echo "----- last lines of $file -----" >&2
        tail -n 30 "$file" >&2
        echo "-----" >&2
    fi
}

# Stops the process whose pid is on the first line of a pid file: TERM, then KILL after a bounded wait.
stop_pid_file() {
    local pid_file="$1" pid waited=0
    [[ -f "$pid_file" ]] || return 0
    pid="$(head -n 1 "$pid_file" | tr -dc '0-9')"
    [[ -n "$pid" ]] || return 0
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null && ((waited < 30)); do
        sleep 0.5
        waited=$((waited + 1))
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "pid $pid did not stop after 15 s; killing it"
        kill -KILL "$pid" 2>/dev/null || true
    fi
}

start_postgres() {
    local name="$1" ip="$2" bin dir pid waited=0
    bin="$(pg_bin_dir)"
    dir="$(servers_root)/pg-$name"
    require_free_port "$ip" "$PG_PORT"
    mkdir -p "$dir"
    chmod 700 "$dir"
    if is_root; then chown postgres:postgres "$dir"; fi
    as_user postgres "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
        --encoding=UTF8 --locale=C >"$dir/initdb.log" 2>&1 || { show_log_tail "$dir/initdb.log"; die "initdb failed for PostgreSQL $name"; }
    cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = '$ip'
port = $PG_PORT
unix_socket_directories = '$dir'
password_encryption = 'scram-sha-256'
max_connections = 50
shared_buffers = 128MB
fsync = off
synchronous_commit = off
full_page_writes = off
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = all
EOF
    cat >"$dir/data/pg_hba.conf" <<EOF
local all postgres trust
host  all all 127.0.0.0/8 scram-sha-256
EOF
    setsid bash -c "cd / && exec $(is_root && echo "runuser -u postgres -- ")'$bin/postgres' -D '$dir/data'" \
        >"$dir/server.log" 2>&1 </dev/null &
    pid=$!
    until as_user postgres "$bin/pg_isready" -q -h "$dir" -p "$PG_PORT" -U postgres; do
        if ! kill -0 "$pid" 2>/dev/null; then
            show_log_tail "$dir/server.log"
            die "PostgreSQL $name ($ip:$PG_PORT) exited while starting"
        fi
        if ((waited >= READY_TIMEOUT * 2)); then
            show_log_tail "$dir/server.log"
            die "PostgreSQL $name ($ip:$PG_PORT) not ready after ${READY_TIMEOUT} s"
        fi
        sleep 0.5
        waited=$((waited + 1))
    done
    as_user postgres "$bin/psql" -q -X -v ON_ERROR_STOP=1 -h "$dir" -p "$PG_PORT" -U postgres -d postgres >/dev/null <<'EOF'
CREATE ROLE admin SUPERUSER LOGIN PASSWORD 'admin';
CREATE ROLE app LOGIN PASSWORD 'app';
CREATE DATABASE shop OWNER app;
EOF
    log "PostgreSQL $name on $ip:$PG_PORT (data $dir/data)"
}

stop_postgres() {
    local name="$1" bin dir
    dir="$(servers_root)/pg-$name"
    [[ -f "$dir/data/postmaster.pid" ]] || return 0
    bin="$(pg_bin_dir || true)"
    if [[ -n "$bin" ]]; then
        as_user postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 20 stop >/dev/null 2>&1 || true
    fi
    stop_pid_file "$dir/data/postmaster.pid"
}

start_mariadb() {
    local name="$1" ip="$2" dir pid waited=0
    local user_opt=()
    dir="$(servers_root)/mariadb-$name"
    require_free_port "$ip" "$MYSQL_PORT"
    mkdir -p "$dir/data"
    if is_root; then
        chown -R mysql:mysql "$dir"
        user_opt=(--user=mysql)
    fi
    "$(mariadb_bin mariadb-install-db)" --no-defaults --datadir="$dir/data" "${user_opt[@]}" \
        --auth-root-authentication-method=normal --skip-test-db --skip-name-resolve --innodb-log-file-size=128M \
        >"$dir/install-db.log" 2>&1 || { show_log_tail "$dir/install-db.log"; die "mariadb-install-db failed for MariaDB $name"; }
    setsid "$(mariadb_bin mariadbd)" --no-defaults "${user_opt[@]}" --datadir="$dir/data" \
        --socket="$dir/mysqld.sock" --pid-file="$dir/mysqld.pid" --log-error="$dir/server.log" \
        --bind-address="$ip" --port="$MYSQL_PORT" --skip-name-resolve --skip-log-bin \
        --innodb-buffer-pool-size=256M --innodb-log-file-size=128M --innodb-flush-log-at-trx-commit=0 --innodb-use-native-aio=0 \
        --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
        >"$dir/console.log" 2>&1 </dev/null &
    pid=$!
    until "$(mariadb_bin mariadb-admin)" --no-defaults -S "$dir/mysqld.sock" -u root --connect-timeout=2 ping >/dev/null 2>&1; do
        if ! kill -0 "$pid" 2>/dev/null; then
            show_log_tail "$dir/console.log"
            show_log_tail "$dir/server.log"
            die "MariaDB $name ($ip:$MYSQL_PORT) exited while starting"
        fi
        if ((waited >= READY_TIMEOUT * 2)); then
            show_log_tail "$dir/console.log"
            show_log_tail "$dir/server.log"
            die "MariaDB $name ($ip:$MYSQL_PORT) not ready after ${READY_TIMEOUT} s"
        fi
        sleep 0.5
        waited=$((waited + 1))
    done
    "$(mariadb_bin mariadb)" --no-defaults -S "$dir/mysqld.sock" -u root <<'EOF'
DELETE FROM mysql.global_priv WHERE User = '';
FLUSH PRIVILEGES;
CREATE DATABASE shop;
CREATE USER 'admin'@'%' IDENTIFIED BY 'admin';
GRANT ALL PRIVILEGES ON *.* TO 'admin'@'%' WITH GRANT OPTION;
CREATE USER 'app'@'%' IDENTIFIED BY 'app';
GRANT ALL PRIVILEGES ON shop.* TO 'app'@'%';
FLUSH PRIVILEGES;
EOF
    log "MariaDB $name on $ip:$MYSQL_PORT (data $dir/data)"
}

stop_mariadb() {
    local name="$1"
    stop_pid_file "$(servers_root)/mariadb-$name/mysqld.pid"
}

stop_all() {
    stop_postgres staging
    stop_postgres production
    stop_mariadb staging
    stop_mariadb production
}

# Removes the servers directory; when it is a symlink to a private directory in /tmp, removes that too.
remove_servers_dir() {
    if [[ -L "$SERVERS_DIR" ]]; then
        rm -rf "$(readlink "$SERVERS_DIR")"
        rm -f "$SERVERS_DIR"
    else
        rm -rf "$SERVERS_DIR"
    fi
}

start_all() {
    ensure_binaries
    if [[ -e "$SERVERS_DIR" || -L "$SERVERS_DIR" ]]; then
        log "removing the servers of an earlier run"
        stop_all
        remove_servers_dir
    fi
    prepare_servers_dir
    trap 'if (($? != 0)); then log "start failed; stopping what was started"; stop_all; fi' EXIT
    start_postgres staging "$STAGING_IP"
    start_postgres production "$PRODUCTION_IP"
    start_mariadb staging "$STAGING_IP"
    start_mariadb production "$PRODUCTION_IP"
}

case "${1:-}" in
    start) start_all ;;
    stop)
        stop_all
        log "stopped"
        ;;
    *) die "usage: $0 start|stop" ;;
esac
