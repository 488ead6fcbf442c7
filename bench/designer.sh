#!/usr/bin/env bash
# Designer responsiveness benchmark (issue 3): a 300-field, 100-rule procedure edited in headless Chromium.
# Usage: bench/designer.sh [rounds]   (needs Debian's chromium; not part of test.sh)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
echo "== building Release"
dotnet build src/Madoguchi.Server -c Release --nologo -v q -clp:ErrorsOnly
dotnet build bench/designer -c Release --nologo -v q -clp:ErrorsOnly
dotnet bench/designer/bin/Release/net10.0/DesignerBench.dll "$root/src/Madoguchi.Server/bin/Release/net10.0/Madoguchi.Server.dll" "$root" "${1:-40}"
