#!/usr/bin/env bash
# Refreshes the README's pictures in docs/images: starts the whole stack with the Aspire dashboard, drives the admin
# and the dashboard with the browser tests' Playwright setup (Debian's /usr/bin/chromium) and saves PNGs.
#   docs/screenshots.sh
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
export FEATUREASPIRE_README_PICTURES="$repo/docs/images"
dotnet test "$repo/FeatureAspire.Tests/FeatureAspire.Tests.csproj" --filter "FullyQualifiedName~FeatureAspire.Tests.Admin.ReadmePictures"
ls -l "$FEATUREASPIRE_README_PICTURES"
