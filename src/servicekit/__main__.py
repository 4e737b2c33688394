from servicekit.cli import main

main()
