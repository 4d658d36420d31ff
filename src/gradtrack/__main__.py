from gradtrack.cli import main

main()
