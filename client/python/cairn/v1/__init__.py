# Generated package: stubs from protos/cairn/v1 by tools/generate.sh. Do not edit.
