from cairn.cli import run_cli

run_cli()
