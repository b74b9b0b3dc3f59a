package io.tollgate.bench.jmh;

import java.util.concurrent.TimeUnit;

import io.tollgate.policy.PolicyDecision;
import io.tollgate.policy.PolicyDocument;
import io.tollgate.policy.PolicyRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * IAM policy evaluation, as a cached Lambda authorizer policy is evaluated against each request's method ARN: a
 * deny for one path, an allow with wildcards, and an allow for another API, the request matching the second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PolicyEvaluationBenchmark {

	private static final String POLICY = """
			{"Version": "2012-10-17", "Statement": [
			  {"Effect": "Deny", "Action": "execute-api:Invoke",
			   "Resource": "arn:aws:execute-api:us-east-1:000000000000:abc123def0/prod/DELETE/pets/*"},
			  {"Effect": "Allow", "Action": "execute-api:*",
			   "Resource": ["arn:aws:execute-api:us-east-1:000000000000:abc123def0/prod/GET/*",
			                "arn:aws:execute-api:us-east-1:000000000000:abc123def0/prod/POST/pets"]},
			  {"Effect": "Allow", "Action": "execute-api:Invoke",
			   "Resource": "arn:aws:execute-api:us-east-1:000000000000:zzz999yyy8/*/*/*"}]}""";

	private PolicyDocument policy;

	private PolicyRequest request;

	@Setup
	public void parse() {
		this.policy = PolicyDocument.parse(POLICY);
		this.request = PolicyRequest.of("execute-api:Invoke",
				"arn:aws:execute-api:us-east-1:000000000000:abc123def0/prod/GET/pets/42");
		if (!this.policy.evaluate(this.request).allowed()) {
			throw new IllegalStateException("the benchmark's request is not allowed");
		}
	}

	@Benchmark
	public PolicyDecision evaluate() {
		return this.policy.evaluate(this.request);
	}

}
