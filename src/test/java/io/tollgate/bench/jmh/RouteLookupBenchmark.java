package io.tollgate.bench.jmh;

import java.util.concurrent.TimeUnit;

import io.tollgate.routing.PathTree;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Route lookup: the path tree of an API with N methods ({@code /r{i}/pets/{petId}}), looking up the last one, as
 * every request does once its API and stage are known.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RouteLookupBenchmark {

	@Param({ "1", "10000" })
	int methods;

	private PathTree<String> tree;

	private String path;

	@Setup
	public void buildTree() {
		PathTree.Builder<String> builder = PathTree.builder();
		for (int i = 0; i < this.methods; i++) {
			builder.put("/r" + i + "/pets/{petId}", "GET");
		}
		this.tree = builder.build();
		this.path = "/r" + (this.methods - 1) + "/pets/42";
	}

	@Benchmark
	public PathTree.Match<String> lookupLast() {
		return this.tree.match(this.path, (value) -> true);
	}

}
