#!/usr/bin/env bash
# Renders every screen at 1280x800 with the demo data into screenshots/*.png (Monocle headless),
# including the Analysis screen (analysis.png) and its mapping editor (analysis-mapping.png).
# Usage: scripts/screenshots.sh [output-directory]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-screenshots}"
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
java -Xmx1g -Djava.awt.headless=true -Dtestfx.headless=true -Dprism.order=sw \
  -Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.text=t2k \
  -Dheadless.geometry=1280x800-32 \
  -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  dev.ferry.ui.ScreenshotRenderer "$out"
echo "screenshots written to $out"
