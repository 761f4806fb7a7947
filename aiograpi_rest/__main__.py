from aiograpi_rest.cli import main

main()
