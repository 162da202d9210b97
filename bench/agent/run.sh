#!/usr/bin/env bash
# The device agent (naslab device-agent) against measuring in-process (bench/Agent.Bench): one real agent process on
# this machine over 127.0.0.1, stopped afterwards. Takes about a minute. Agent and bench share the machine's cores,
# but measurements are sequential: while one side measures, the other waits.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

dotnet build src/NasLab -c Release --nologo -v quiet >/dev/null
dotnet build bench/Agent.Bench/Agent.Bench.csproj -c Release --nologo -v quiet >/dev/null

work=$(mktemp -d /tmp/naslab-bench-agent.XXXXXX)
agent_pid=""
cleanup() {
  if [[ -n "$agent_pid" ]] && kill -0 "$agent_pid" 2>/dev/null; then
    kill -TERM "$agent_pid" 2>/dev/null || true
    wait "$agent_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
openssl rand -hex 32 > "$work/token"
chmod 600 "$work/token"

# The agent logs one line per measurement: to a file, so a full pipe never blocks it.
dotnet src/NasLab/bin/Release/net10.0/naslab.dll device-agent --port 0 --host 127.0.0.1 --token-file "$work/token" \
  >"$work/agent.log" 2>&1 &
agent_pid=$!
port=""
for _ in $(seq 1 300); do
  first=$(head -n 1 "$work/agent.log" 2>/dev/null || true)
  if [[ "$first" =~ ^naslab\ device-agent\ listening\ on\ http://127\.0\.0\.1:([0-9]+)/ ]]; then
    port=${BASH_REMATCH[1]}
    break
  fi
  if ! kill -0 "$agent_pid" 2>/dev/null; then
    echo "the agent exited before listening:" >&2; cat "$work/agent.log" >&2; exit 1
  fi
  sleep 0.1
done
if [[ -z "$port" ]]; then
  echo "the agent did not say where it listens within 30 s:" >&2; cat "$work/agent.log" >&2; exit 1
fi

status=0
dotnet bench/Agent.Bench/bin/Release/net10.0/Agent.Bench.dll --agent "127.0.0.1:$port" --token-file "$work/token" "$@" || status=$?
if (( status != 0 )); then
  echo "--- agent log (last 20 lines)" >&2; tail -n 20 "$work/agent.log" >&2
fi
exit "$status"
