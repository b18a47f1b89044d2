# sift: `make run` serves the default model on :8080, `make test` runs every test.
SHELL := /bin/bash
MVN := ./mvnw -B -ntp
JAVA ?= java
JAVA25 ?= /usr/lib/jvm/temurin-25-jdk-amd64/bin/java
APP_JAR := target/quarkus-app/quarkus-run.jar
# Pass extra Maven flags, e.g. make test MAVEN_ARGS=-o
MAVEN_ARGS ?=

.PHONY: help deps build run dev test prepare bench bench-tokenizer bench-classify bench-http coldstart fixtures clean

help:
	@echo "make run        build and serve preprocess/classify on http://localhost:8080 (default bundle)"
	@echo "make test       all tests (tokenizer parity on ../shared/data when present)"
	@echo "make dev        Quarkus dev mode (live reload)"
	@echo "make prepare    next training set from DATA (CSV or canonical split dir) + FEEDBACK store into OUT"
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

# make prepare DATA=../shared/data/htl/train.csv FEEDBACK=file:$$HOME/.sift/feedback OUT=target/prepared
# LABEL_MAP renames feedback labels into the data's labels (the default model says negative/positive,
# htl says 0/1); set LABEL_MAP= for data that uses the model's labels. PREPARE_ARGS passes more options
# (--test-percent, --val-percent, --label-column, --text-column, --s3-endpoint, --s3-region, --s3-path-style).
DATA ?= ../shared/data/htl
FEEDBACK ?= file:$(HOME)/.sift/feedback
OUT ?= target/prepared
LABEL_MAP ?= negative=0,positive=1
PREPARE_ARGS ?=

target/runtime-classpath.txt: pom.xml
	$(MVN) $(MAVEN_ARGS) -q dependency:build-classpath -Dmdep.outputFile=target/runtime-classpath.txt -Dmdep.includeScope=runtime

prepare: $(APP_JAR) target/runtime-classpath.txt
	$(JAVA) -cp target/classes:$$(cat target/runtime-classpath.txt) dev.sift.pipeline.PrepareTrainingSet \
		--data $(DATA) --feedback $(FEEDBACK) --out $(OUT) $(if $(LABEL_MAP),--feedback-label-map $(LABEL_MAP)) $(PREPARE_ARGS)

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
