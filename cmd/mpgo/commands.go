package main

// registeredCommands lists the subcommands; each subcommand file contributes one entry.
func registeredCommands() []command {
	return []command{
		checkCommand(),
		vetCommand(),
		translateCommand(),
		gogenCommand(),
		pcalgenCommand(),
	}
}
