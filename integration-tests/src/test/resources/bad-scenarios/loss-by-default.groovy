// Carol is crashed for good: what Sam wrote her is owed and never stored, and no check is
// written, yet the end of the scenario finds the loss.
scenario('a loss nobody checked for fails the scenario') {
    registry()
    def sam = peer('Sam'); def carol = peer('Carol')
    carol.crash()
    sam.send('Carol', 'into the void')
}
