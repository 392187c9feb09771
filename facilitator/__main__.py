from facilitator.start import main

main()
