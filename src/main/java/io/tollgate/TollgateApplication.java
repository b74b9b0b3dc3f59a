package io.tollgate;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Tollgate: AWS API Gateway's REST APIs, served by Spring Cloud Gateway. */
@SpringBootApplication
public class TollgateApplication {

	public static void main(String[] args) {
		SpringApplication.run(TollgateApplication.class, args);
	}

}
