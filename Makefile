# sift: `make run` serves the default model on :8080, `make test` runs every test.
SHELL := /bin/bash
MVN := ./mvnw -B -ntp
JAVA ?= java
JAVA25 ?= /usr/lib/jvm/temurin-25-jdk-amd64/bin/java
APP_JAR := target/quarkus-app/quarkus-run.jar
# Pass extra Maven flags, e.g. make test MAVEN_ARGS=-o
MAVEN_ARGS ?=

.PHONY: help deps build run dev test evaluate promote rollback bench bench-tokenizer bench-classify bench-http coldstart fixtures clean

help:
	@echo "make run        build and serve preprocess/classify on http://localhost:8080 (default bundle)"
	@echo "make test       all tests (tokenizer parity on ../shared/data when present)"
	@echo "make dev        Quarkus dev mode (live reload)"
	@echo "make evaluate   DATA=test.csv [BUNDLE=...] [OUT=...] [LABEL_MAP=0=negative,1=positive]: metrics.json + report.html"
	@echo "make promote    BUNDLE_DIR=dir DATA=test.csv: register, compare with the champion, promote if not worse"
	@echo "make rollback   NAME=... VERSION=...: point the registry's champion at an earlier version"
	@echo "make bench      JMH benchmarks: tokenizer (ours vs HF/DJL) and classify"
	@echo "make bench-http wrk against the packaged app on loopback"
	@echo "make coldstart  process start -> first classify answer, median of 5, plain/AppCDS/AOT cache"
	@echo "make fixtures   regenerate the tiny test bundle (needs python3-onnx; installs it)"

# Java 17 and curl come with the machine; the Maven wrapper fetches Maven 3.9 from Maven Central.
deps:
	@command -v $(JAVA) >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jdk-headless; }
	@command -v curl >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl; }

build: deps
	$(MVN) $(MAVEN_ARGS) package -DskipTests

$(APP_JAR): pom.xml $(shell find src/main models -type f 2>/dev/null)
	$(MAKE) build

run: $(APP_JAR)
	$(JAVA) -jar $(APP_JAR)

dev: deps
	$(MVN) $(MAVEN_ARGS) quarkus:dev

test: deps
	$(MVN) $(MAVEN_ARGS) verify
	$(MAKE) infra-test

target/runtime-classpath.txt: pom.xml
	$(MVN) $(MAVEN_ARGS) -q dependency:build-classpath -Dmdep.outputFile=target/runtime-classpath.txt -Dmdep.includeScope=runtime

# make evaluate BUNDLE=dir|classpath:... DATA=file.csv OUT=dir [LABEL_MAP=0=negative,1=positive]
BUNDLE ?= classpath:sift/bundles/default
OUT ?= target/evaluation
evaluate: deps target/runtime-classpath.txt
	@test -n "$(DATA)" || { echo "usage: make evaluate DATA=path/to/test.csv [BUNDLE=...] [OUT=...] [LABEL_MAP=a=x,b=y]"; exit 2; }
	$(MVN) $(MAVEN_ARGS) -q process-classes
	$(JAVA) -cp target/classes:$$(cat target/runtime-classpath.txt) dev.sift.pipeline.EvaluateBundle "$(BUNDLE)" "$(DATA)" "$(OUT)" $(if $(LABEL_MAP),--label-map $(LABEL_MAP))

# make promote BUNDLE_DIR=dir DATA=frozen-test.csv [REGISTRY=target/registry] [TOLERANCE=0.005] [LABEL_MAP=...]
# make rollback NAME=bundle-name VERSION=x.y.z [REGISTRY=...]
REGISTRY ?= target/registry
TOLERANCE ?= 0.005
promote: deps target/runtime-classpath.txt
	@test -n "$(BUNDLE_DIR)" -a -n "$(DATA)" || { echo "usage: make promote BUNDLE_DIR=dir DATA=test.csv [REGISTRY=...] [TOLERANCE=0.005]"; exit 2; }
	$(MVN) $(MAVEN_ARGS) -q process-classes
	$(JAVA) -cp target/classes:$$(cat target/runtime-classpath.txt) dev.sift.pipeline.PromoteBundle promote "$(REGISTRY)" "$(BUNDLE_DIR)" "$(DATA)" --tolerance $(TOLERANCE) $(if $(LABEL_MAP),--label-map $(LABEL_MAP))

rollback: deps target/runtime-classpath.txt
	@test -n "$(NAME)" -a -n "$(VERSION)" || { echo "usage: make rollback NAME=bundle-name VERSION=x.y.z [REGISTRY=...]"; exit 2; }
	$(MVN) $(MAVEN_ARGS) -q process-classes
	$(JAVA) -cp target/classes:$$(cat target/runtime-classpath.txt) dev.sift.pipeline.PromoteBundle rollback "$(REGISTRY)" "$(NAME)" "$(VERSION)"

target/test-classpath.txt: pom.xml
	$(MVN) $(MAVEN_ARGS) -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test

BENCH_CP = target/test-classes:target/classes:$$(cat target/test-classpath.txt)
JMH_ARGS ?= -f 1 -wi 5 -i 10 -w 2s -r 2s

bench-tokenizer: deps target/test-classpath.txt
	$(MVN) $(MAVEN_ARGS) -q test-compile
	$(JAVA) -cp $(BENCH_CP) org.openjdk.jmh.Main TokenizerBenchmark $(JMH_ARGS)

bench-classify: deps target/test-classpath.txt
	$(MVN) $(MAVEN_ARGS) -q test-compile
	$(JAVA) -cp $(BENCH_CP) org.openjdk.jmh.Main ClassifyBenchmark $(JMH_ARGS)

bench: bench-tokenizer bench-classify

bench-http: $(APP_JAR)
	JAVA=$(JAVA) src/bench/http.sh

coldstart: $(APP_JAR)
	JAVA=$(JAVA) JAVA25=$(JAVA25) src/bench/coldstart.sh

fixtures:
	@/usr/bin/python3 -c "import onnx" 2>/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-onnx python3-numpy; }
	/usr/bin/python3 src/test/resources/bundles/make_tiny_classifier.py

clean:
	$(MVN) -q clean

# --- infra/: sift on AWS as code (AWS CDK in Java, its own Maven project; see infra/README.md) ---
# infra-test: assertion tests per stack and cdk-nag, synthesized offline in-process (Node.js runs jsii).
# infra-synth: the CloudFormation templates in infra/cdk.out, without the cdk CLI.
.PHONY: infra-deps infra-test infra-synth
LAMBDA_ZIP ?= dist/sift-lambda.zip
HTTP_ZIP ?= dist/sift-lambda-http.zip

# The CDK's Java classes drive a Node.js process (jsii); the machine image has Node 20, Debian's is the fallback.
infra-deps: deps
	@command -v node >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs; }

infra-test: infra-deps
	cd infra && ../mvnw -B -ntp $(MAVEN_ARGS) test

infra-synth: infra-deps
	cd infra && CDK_OUTDIR=cdk.out CDK_CONTEXT_JSON='{"lambdaZip":"$(abspath $(LAMBDA_ZIP))","httpZip":"$(abspath $(HTTP_ZIP))"}' \
		../mvnw -B -ntp $(MAVEN_ARGS) -q compile exec:java
