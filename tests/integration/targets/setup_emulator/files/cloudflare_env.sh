# shellcheck shell=bash
# Sourced by runme.sh targets: exports CLOUDFLARE_API_TOKEN, CLOUDFLARE_ACCOUNT_ID, CLOUDFLARE_BASE_URL
# and CF_IT_ZONE / CF_IT_EMULATOR_URL from tests/integration/integration_config.yml (two levels up from
# the target's directory, where ansible-test puts it), and resets the emulator when there is one.
cf_it_config=${CF_IT_CONFIG:-../../integration_config.yml}
if [[ ! -f $cf_it_config ]]; then
    echo "cloudflare_env.sh: $cf_it_config is missing (see setup_emulator/README.md)" >&2
    exit 1
fi
cf_it_python=$(command -v python || command -v python3)
eval "$("$cf_it_python" - "$cf_it_config" <<'PY'
import shlex
import sys

import yaml

with open(sys.argv[1], encoding="utf-8") as handle:
    config = yaml.safe_load(handle) or {}
names = {
    "cloudflare_api_token": "CLOUDFLARE_API_TOKEN",
    "cloudflare_account_id": "CLOUDFLARE_ACCOUNT_ID",
    "cloudflare_base_url": "CLOUDFLARE_BASE_URL",
    "cloudflare_zone": "CF_IT_ZONE",
    "cloudflare_emulator_url": "CF_IT_EMULATOR_URL",
}
for key, env in names.items():
    print("export %s=%s" % (env, shlex.quote(str(config.get(key) or ""))))
PY
)"
cf_it_reset() {
    if [[ -n $CF_IT_EMULATOR_URL ]]; then
        "$cf_it_python" -c 'import sys, urllib.request; urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "/__emulator__/reset", data=b"{\"rate_limit\": null}", method="POST", headers={"Content-Type": "application/json"}), timeout=30).read()' "$CF_IT_EMULATOR_URL"
    fi
}
