// A seeded random fault schedule over three peers: for 15 s, traffic flows Ann→Bob, Bob→Cat
// and Cat→Ann while a nemesis crashes, freezes (Cat is a process), partitions (both ways and
// one way), slows, slices and resets their links, skews a clock, fills a disk, one fault at a
// time, each healed after a random while. The seed is printed and in the report; `--seed N` replays another schedule.
// After the schedule everything heals, and the default checkers judge every message.
scenario('three peers under a seeded fault schedule lose nothing, double nothing, keep order') {
    registry()
    def ann = peer('Ann'); def bob = peer('Bob'); def cat = peer('Cat', process: true)

    traffic(from: 'Ann', to: 'Bob', rate: 40, duration: 15.s)
    traffic(from: 'Bob', to: 'Cat', rate: 40, duration: 15.s)
    traffic(from: 'Cat', to: 'Ann', rate: 20, duration: 15.s)
    nemesis(seed: 42, duration: 15.s,
            faults: [crash, pause, partition, oneWay, latency, drop, reset, slicer, registry, clock, disk],
            peers: ['Ann', 'Bob', 'Cat'])
    check.within(30.s).noLoss()
}
