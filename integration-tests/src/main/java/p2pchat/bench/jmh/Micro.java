package p2pchat.bench.jmh;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the JMH micro-benchmarks of this package ({@link FrameCodecBenchmark}, {@link
 * ScriptDispatchBenchmark}) and returns ns/op per benchmark method. The full run forks a JVM as JMH
 * recommends; the quick one runs in this JVM with short iterations (a smoke figure, not a careful
 * one). Stateless.
 *
 * <p>By hand, with JMH's own options: {@code java -cp ... org.openjdk.jmh.Main
 * 'p2pchat.bench.jmh.*'}
 */
public final class Micro {
  private Micro() {}

  /** ns/op keyed by "Class.method". */
  public static Map<String, Double> run(boolean quick) throws Exception {
    Options options =
        new OptionsBuilder()
            .include(Micro.class.getPackageName() + "\\..*Benchmark")
            .forks(quick ? 0 : 1)
            .warmupIterations(quick ? 1 : 3)
            .warmupTime(TimeValue.milliseconds(quick ? 500 : 1000))
            .measurementIterations(quick ? 2 : 5)
            .measurementTime(TimeValue.milliseconds(quick ? 500 : 1000))
            .threads(1)
            .verbosity(VerboseMode.SILENT)
            .build();
    Collection<RunResult> results = new Runner(options).run();
    Map<String, Double> nsPerOp = new LinkedHashMap<>();
    for (RunResult r : results) {
      String benchmark = r.getParams().getBenchmark();
      String shortName =
          benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
      nsPerOp.put(shortName, r.getPrimaryResult().getScore());
    }
    return nsPerOp;
  }
}
