package io.tollgate.bench.jmh;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import io.tollgate.auth.sigv4.SigV4Request;
import io.tollgate.auth.sigv4.SigV4Result;
import io.tollgate.auth.sigv4.SigV4Verifier;
import io.tollgate.auth.sigv4.TestSignedRequests;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** SigV4 verification of a request the AWS SDK signed (header form, small JSON body), as an AWS_IAM method does. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SigV4VerificationBenchmark {

	private SigV4Verifier verifier;

	private SigV4Request request;

	@Setup
	public void sign() {
		this.verifier = new SigV4Verifier(TestSignedRequests.SERVICE, TestSignedRequests.REGION,
				TestSignedRequests::secretAccessKeys, Clock.fixed(TestSignedRequests.SIGNED_AT, ZoneOffset.UTC));
		this.request = TestSignedRequests.request("POST", "http://127.0.0.1:8080/prod/pets?type=dog&limit=10")
			.header("Content-Type", "application/json")
			.body("{\"id\":1,\"type\":\"dog\",\"price\":249.99}")
			.sign();
		if (!(this.verifier.verify(this.request) instanceof SigV4Result.Verified)) {
			throw new IllegalStateException("the benchmark's request does not verify");
		}
	}

	@Benchmark
	public SigV4Result verify() {
		return this.verifier.verify(this.request);
	}

}
