print("mcpterm")
