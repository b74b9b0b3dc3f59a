package io.tollgate;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/** Tollgate: AWS API Gateway's REST APIs, served by Spring Cloud Gateway. */
@SpringBootConfiguration
@EnableAutoConfiguration
// @SpringBootApplication's scan, less the actuator's child-context configuration, which belongs to that context only.
@ComponentScan(excludeFilters = { @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
		@ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
		@ComponentScan.Filter(ManagementContextConfiguration.class) })
public class TollgateApplication {

	public static void main(String[] args) {
		SpringApplication.run(TollgateApplication.class, args);
	}

}
