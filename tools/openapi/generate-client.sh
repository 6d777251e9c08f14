#!/usr/bin/env bash
# Refreshes the committed OpenAPI document (docs/openapi/v1.json) from the running code, then regenerates the C# client
# the tests use (tests/CchcLedger.Api.Tests/LedgerClient) with Kiota, pinned in dotnet-tools.json. Run after changing an endpoint.
set -euo pipefail
cd "$(dirname "$0")/../.."
CCHC_WRITE_OPENAPI=1 dotnet test tests/CchcLedger.Api.Tests --filter "FullyQualifiedName~ApiContractTests.the_committed_document_is_the_served_document"
dotnet tool restore
KIOTA_OFFLINE_ENABLED=true dotnet kiota generate -l CSharp -d docs/openapi/v1.json -o tests/CchcLedger.Api.Tests/LedgerClient \
  -n CchcLedger.Api.Tests.LedgerClient -c LedgerApiClient --clean-output --exclude-backward-compatible --log-level Warning
