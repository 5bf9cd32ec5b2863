# Sourced by scripts/demo and scripts/test: install the Debian packages in scripts/packages.txt
# that are missing. Quiet and fast when everything is there already.
ensure_packages() {
  local root list missing=()
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  list=$(grep -v '^\s*#' "$root/scripts/packages.txt" | grep -v '^\s*$')
  for p in $list; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "spikeforge: installing missing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}
