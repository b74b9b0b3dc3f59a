# syntax=docker/dockerfile:1
# Tollgate's image: built from source in a JDK stage, run as a non-root user on a JRE from Spring Boot's layered jar
# (dependencies change rarely, so their layers stay cached between builds).

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q dependency:go-offline
COPY src/ src/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q package -Dmaven.test.skip=true \
    && java -Djarmode=tools -jar target/tollgate-*.jar extract --layers --launcher --destination /layers

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 tollgate \
    && useradd --system --uid 10001 --gid tollgate --home-dir /app --shell /usr/sbin/nologin tollgate \
    && mkdir -p /data /etc/tollgate/definitions \
    && chown tollgate:tollgate /data
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
USER 10001:10001
ENV TOLLGATE_DATADIR=/data \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080 8081 8082
VOLUME ["/data"]
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
