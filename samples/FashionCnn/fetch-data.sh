#!/usr/bin/env bash
# Fetches Fashion-MNIST from Debian's dataset-fashion-mnist package (MIT licence; Zalando Research) into ./data:
# apt-get download + dpkg -x, nothing else is downloaded and nothing is installed. The files are not committed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
apt-get download dataset-fashion-mnist
dpkg -x dataset-fashion-mnist_*.deb extracted
mkdir -p "$here/data"
cp extracted/usr/share/datasets/fashion-mnist/*-ubyte.gz "$here/data/"
ls -l "$here/data"
