#!/usr/bin/env bash
# Gathers the real-world SQL corpus for RealWorldCorpusTest: schema, migration and server scripts from Debian
# packages and Maven Central jars, unpacked as <out>/<corpus>/<dialect>/<file>.
#
# Usage: gather.sh OUT_DIR
# Downloads are cached in ${JDBC_GUARD_CORPUS_CACHE:-$HOME/.cache/jdbc-guard/real-world}, so a second run needs no
# network. Needs apt-get (Debian 12 package lists; run 'apt-get update' once first) and mvn. The package versions
# are pinned below: the expected results (src/test/resources/real-world/expected.txt) are for exactly these files.
set -euo pipefail

out=${1:?usage: gather.sh OUT_DIR}
cache=${JDBC_GUARD_CORPUS_CACHE:-$HOME/.cache/jdbc-guard/real-world}
mkdir -p "$cache/deb" "$cache/jar"
rm -rf "$out"
mkdir -p "$out"

# Debian 12 packages: name=version.
debs=(
  postgresql-15=15.18-0+deb12u1
  mariadb-server-core=1:10.11.19-0+deb12u1
  zabbix-server-mysql=1:6.0.14+dfsg-1+b1
  zabbix-server-pgsql=1:6.0.14+dfsg-1+b1
  icinga2-ido-mysql=2.13.6-2+deb12u2
  icinga2-ido-pgsql=2.13.6-2+deb12u2
  pdns-backend-mysql=4.7.3-2
  pdns-backend-pgsql=4.7.3-2
  freeradius-mysql=3.2.1+dfsg-4+deb12u1
  freeradius-postgresql=3.2.1+dfsg-4+deb12u1
  freeradius-config=3.2.1+dfsg-4+deb12u1
  roundcube-core=1.6.5+dfsg-1+deb12u14
  phpmyadmin=4:5.2.1+dfsg-1+deb12u1
  pgagent=4.2.2-2
  postgresql-15-partman=4.7.2-1
)
# Maven Central jars: groupId:artifactId:version.
jars=(
  org.quartz-scheduler:quartz:2.3.2
  org.springframework.batch:spring-batch-core:5.1.2
  org.springframework.session:spring-session-jdbc:3.3.1
  org.camunda.bpm:camunda-engine:7.21.0
  org.flowable:flowable-engine:7.0.1
  org.flowable:flowable-engine-common:7.0.1
  org.flowable:flowable-idm-engine:7.0.1
  org.flowable:flowable-job-service:7.0.1
  org.flowable:flowable-task-service:7.0.1
  org.flowable:flowable-variable-service:7.0.1
  org.flowable:flowable-identitylink-service:7.0.1
  org.flowable:flowable-eventsubscription-service:7.0.1
  org.activiti:activiti-engine:5.22.0
)

# Downloads a pinned package; on a machine whose package lists are missing or stale, refreshes them once (as root)
# and tries again.
updated=no
download() {
  if (cd "$cache/deb" && apt-get download -q "$1"); then
    return
  fi
  if [[ $updated == no && $(id -u) == 0 ]]; then
    updated=yes
    apt-get update -qq
    (cd "$cache/deb" && apt-get download -q "$1") && return
  fi
  echo "gather.sh: cannot download $1: bump its pinned version and regenerate expected.txt (see README)" >&2
  exit 1
}

for spec in "${debs[@]}"; do
  name=${spec%%=*}
  if ! ls "$cache/deb/${name}_"*.deb >/dev/null 2>&1; then
    download "$spec"
  fi
  mkdir -p "$out/.deb/$name"
  dpkg-deb -x "$cache/deb/${name}_"*.deb "$out/.deb/$name"
done
for spec in "${jars[@]}"; do
  IFS=: read -r group artifact version <<<"$spec"
  jar="$cache/jar/$artifact-$version.jar"
  if [ ! -f "$jar" ]; then
    mvn -B -ntp -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy -Dartifact="$spec" \
      -DoutputDirectory="$cache/jar" -Dmdep.overWriteIfNewer=true
  fi
  mkdir -p "$out/.jar/$artifact"
  (cd "$out/.jar/$artifact" && unzip -q -o "$jar" '*.sql' 2>/dev/null || true)
done

# take CORPUS DIALECT FILE...: copies the files into the corpus, named after their path below the package root.
take() {
  local corpus=$1 dialect=$2
  shift 2
  mkdir -p "$out/$corpus/$dialect"
  local f
  for f in "$@"; do
    [ -f "$f" ] || continue
    local name=${f#"$out"/.*/*/}
    name=${name//\//__}
    case "$f" in
      *.gz) gzip -dc "$f" >"$out/$corpus/$dialect/${name%.gz}" ;;
      *) cp "$f" "$out/$corpus/$dialect/$name" ;;
    esac
  done
}
d=$out/.deb
j=$out/.jar
shopt -s nullglob globstar

take pg-extensions postgresql "$d"/postgresql-15/usr/share/postgresql/15/extension/*.sql
take mariadb-system mysql "$d"/mariadb-server-core/usr/share/mysql/*.sql
take zabbix mysql "$d"/zabbix-server-mysql/usr/share/zabbix-server-mysql/*.sql*
take zabbix postgresql "$d"/zabbix-server-pgsql/usr/share/zabbix-server-pgsql/*.sql*
take icinga2-ido mysql "$d"/icinga2-ido-mysql/usr/share/icinga2-ido-mysql/schema/**/*.sql
take icinga2-ido postgresql "$d"/icinga2-ido-pgsql/usr/share/icinga2-ido-pgsql/schema/**/*.sql
take pdns mysql "$d"/pdns-backend-mysql/usr/share/**/*.sql
take pdns postgresql "$d"/pdns-backend-pgsql/usr/share/**/*.sql
take freeradius mysql "$d"/freeradius-config/etc/freeradius/3.0/mods-config/sql/*/mysql/*.sql
take freeradius postgresql "$d"/freeradius-config/etc/freeradius/3.0/mods-config/sql/*/postgresql/*.sql
take roundcube mysql "$d"/roundcube-core/usr/share/**/SQL/mysql.initial.sql \
  "$d"/roundcube-core/usr/share/**/SQL/mysql/*.sql
take roundcube postgresql "$d"/roundcube-core/usr/share/**/SQL/postgres.initial.sql \
  "$d"/roundcube-core/usr/share/**/SQL/postgres/*.sql
take phpmyadmin mysql "$d"/phpmyadmin/usr/share/**/sql/*.sql
take pgagent postgresql "$d"/pgagent/usr/share/postgresql/15/extension/*.sql
take pg-partman postgresql "$d"/postgresql-15-partman/usr/share/postgresql/15/extension/*.sql
take quartz mysql "$j"/quartz/**/tables_mysql*.sql
take quartz postgresql "$j"/quartz/**/tables_postgres.sql
take spring-batch mysql "$j"/spring-batch-core/**/*mysql*.sql
take spring-batch postgresql "$j"/spring-batch-core/**/*postgresql*.sql
take spring-session mysql "$j"/spring-session-jdbc/**/*mysql*.sql
take spring-session postgresql "$j"/spring-session-jdbc/**/*postgresql*.sql
take camunda mysql "$j"/camunda-engine/**/mysql_*.sql "$j"/camunda-engine/**/mariadb_*.sql
take camunda postgresql "$j"/camunda-engine/**/postgres_*.sql
take flowable mysql "$j"/flowable-*/**/*.mysql.*.sql
take flowable postgresql "$j"/flowable-*/**/*.postgres.*.sql
take activiti mysql "$j"/activiti-engine/**/*.mysql.*.sql
take activiti postgresql "$j"/activiti-engine/**/*.postgres.*.sql
rm -rf "$out/.deb" "$out/.jar"
find "$out" -type d -empty -delete
(cd "$out" && find . -type f | sort | sed 's|^\./||') >"$out/FILES"
echo "gathered $(wc -l <"$out/FILES") files into $out"
