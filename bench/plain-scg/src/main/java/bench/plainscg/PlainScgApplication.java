package bench.plainscg;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Spring Cloud Gateway with nothing added: its routes come from the YAML file that bench/routing.sh generates. */
@SpringBootApplication
public class PlainScgApplication {

	public static void main(String[] args) {
		SpringApplication.run(PlainScgApplication.class, args);
	}

}
