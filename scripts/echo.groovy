// echo.groovy — answers every message with the same text, prefixed with "echo: ".
// Run: bin/p2pchat agent --name Echo --script scripts/echo.groovy
// Try: bin/p2pchat chat --name Sam --to Echo   then type anything.

on message { msg -> reply "echo: ${msg.text}" }
