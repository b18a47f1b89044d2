# sift: `make run` serves the default model on :8080, `make test` runs every test.
SHELL := /bin/bash
MVN := ./mvnw -B -ntp
JAVA ?= java
JAVA25 ?= /usr/lib/jvm/temurin-25-jdk-amd64/bin/java
# Three artifacts from one codebase (README, Architecture): the serving app and zips (src/serving), the
# pipeline's jar and zip (src/pipeline), both on sift-core and sift-store.
APP_JAR := src/serving/target/quarkus-app/quarkus-run.jar
# The pipeline's jar and its libraries: what the make targets below run (java -cp, quoted: lib/* is Java's wildcard).
PIPELINE_CP := 'src/pipeline/target/sift-pipeline.jar:src/pipeline/target/lib/*'

# Pass extra Maven flags, e.g. make test MAVEN_ARGS=-o
MAVEN_ARGS ?=

.PHONY: help deps browser-deps build pipeline-jar calibrate multilabel-data sentiment-data pretrain bench-prediction-log monitor monitor-reference review-queue bench-review-queue feedback-import classify-file classify-s3 bench-classify-file bench-explain core-bench-classpath coldstart-compare run dev test seed-aws embedding-bundle prepare evaluate promote rollback bench bench-tokenizer bench-classify bench-prepare bench-http coldstart fixtures clean lambda lambda-coldstart preoptimized-model native

help:
	@echo "make run        build and serve preprocess/classify on http://localhost:8080 (default bundle)"
	@echo "make test       all tests (tokenizer parity on ../shared/data when present)"
	@echo "make dev        Quarkus dev mode (live reload)"
	@echo "make prepare    next training set from DATA (CSV or canonical split dir) + FEEDBACK store into OUT"
	@echo "make evaluate   DATA=test.csv [BUNDLE=...] [OUT=...] [LABEL_MAP=0=negative,1=positive]: metrics.json + report.html"
	@echo "make calibrate  BUNDLE_DIR=dir DATA=val.csv [LABEL_MAP=...] [TARGET_ACCURACY=0.97]: temperature + recommended minScore into the manifest"
	@echo "make promote    BUNDLE_DIR=dir DATA=test.csv: register, compare with the champion, promote if not worse"
	@echo "make rollback   NAME=... VERSION=...: point the registry's champion at an earlier version"
	@echo "make train      DATA=dir [MAX_LENGTH= HEAD_TOKENS= EPOCHS= LR=]: fine-tune, int8, evaluate, promote (REGISTRY= dir or s3://)"
	@echo "make baseline   DATA=dir: TF-IDF char 1-3-grams + logistic regression on the same split"
	@echo "make pretrain   UNLABELED='file.csv|dir ...' [COLUMN=text] OUT=dir: masked-language-model training on unlabeled text -> OUT/encoder.pt (make train INIT=)"
	@echo "make distill    DATA=dir MEMBERS='train-dir ...' [UNLABELED='file.csv ...']: one int8 student taught by the members' averaged predictions"
	@echo "make label-curve DATA=dir [FRACTIONS=0.05,0.1,0.25,0.5] [OUT=]: make train on nested stratified fractions of train + TF-IDF on the same texts"
	@echo "make requantize BUNDLE_DIR= OUT= VERSION= DATA=: a bundle's int8 weights re-encoded (SCHEME=u8-weights), evaluated, re-released"
	@echo "make embedding-bundle  the zero-shot bundle (untrained encoder + written label examples)"
	@echo "make pipeline-jar  the pipeline's jar + target/lib, which the loop's targets run (java -cp $(PIPELINE_CP) dev.sift.pipeline.<Tool> --help)"
	@echo "make discover  DATA=texts.csv [COLUMN=text] [K=auto] OUT=dir: topics of unlabeled texts (report.html, clusters.json, draft labels.json)"
	@echo "make fewshot   LABELS=labels.json [DATA=labelled.csv] [POOL=unlabeled.csv] OUT=dir: a servable bundle from a few examples per label"
	@echo "make classify-file IN=file.csv|file.jsonl OUT=out.jsonl [COLUMN=text] [BUNDLE=...] [OVERWRITE=1]: a backlog, streamed on all cores, resumable"
	@echo "make classify-s3 IN=s3://bucket/input/ OUT=s3://bucket/output/job/ STATE_MACHINE=arn [COLUMN=text] [OVERWRITE=1]: the same on AWS (Distributed Map)"
	@echo "make bench-classify-file [DATA=...shopping10.csv COLUMN=review]  classify-file vs the bare ONNX session vs POST /classify"
	@echo "make bench-explain [DATA=../shared/data/htl/test.csv SAMPLE=n]  classify's explanations: faithfulness (top-3 vs random deletions), added latency"
	@echo "make seed-aws   TRAINING=s3://... REGISTRY=s3://...: once after deploy, base data + first champion for the retrain pipeline"
	@echo "make bench      JMH benchmarks: tokenizer (ours vs HF/DJL) and classify"
	@echo "make bench-prepare [RECORDS=20000 ROUNDS=3 LATENCY_MS=0]  prepare reading an S3 feedback store on s3mock"
	@echo "make bench-http wrk against the packaged app on loopback"
	@echo "make coldstart  process start -> first classify answer, median of 5, plain/AppCDS/AOT cache"
	@echo "make coldstart-compare [ROUNDS=7] [CPUS=1]  the app and both serving zips against the Node.js peer, side by side: medians, ratios (CPUS: on that many cores)"
	@echo "make lambda     dist/sift-lambda.zip (direct) + dist/sift-lambda-http.zip (API Gateway) + dist/sift-pipeline-lambda.zip (retrain steps), JVM [LAMBDA_PLATFORM=linux-aarch64]; with a JDK 25 on x86-64 also dist/*-bundled.zip (provided.al2023, JVM + AOT cache inside)"
	@echo "make lambda-coldstart  the direct zip's cold start through the AWS runtime client, median of 5, plain/AppCDS/AOT/pre-optimized model"
	@echo "make native     both zips as GraalVM/Mandrel native executables (bootstrap, provided.al2023)"
	@echo "make fixtures   regenerate the tiny test bundle (needs python3-onnx; installs it)"

# Java 17 and curl come with the machine; the Maven wrapper fetches Maven 3.9 from Maven Central.
deps:
	@command -v $(JAVA) >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jdk-headless; }
	@command -v curl >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl; }

# The try-it page's test (TryItPageTest) drives Debian's headless Chromium through Debian's chromedriver, at
# /usr/bin; nothing downloads a browser at run time. A CJK font makes its screenshots of Chinese reviews legible.
browser-deps:
	@test -x /usr/bin/chromium -a -x /usr/bin/chromedriver -a -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei; }

build: deps
	$(MVN) $(MAVEN_ARGS) package -DskipTests -pl src/serving -am -Dapp.jdk=$(RUN_JDK)

$(APP_JAR): pom.xml $(shell find src/core src/store src/serving models -type f -not -path '*/target/*' 2>/dev/null)
	$(MAKE) build

# The pipeline's jar and target/lib (no zip: make lambda builds that).
pipeline-jar: deps
	$(MVN) $(MAVEN_ARGS) -q package -DskipTests -Dmaven.antrun.skip -pl src/pipeline -am

# make run starts the app as src/serving/bin/run.sh says (sift-run.jar, C1 only; JAVA_OPTS= for the
# JVM's default tiers) on RUN_JAVA: Temurin 25 where it is installed, whose AOT cache pays with
# sift-run.jar (973 against 1,021 ms for JDK 17 + AppCDS; README, Cold start), else $(JAVA). The build
# jlinks a runtime of RUN_JAVA's JDK with only the app's modules beside the app (quarkus-app/jre,
# AppRuntime; 346 -> 319 ms), and make run starts on it (APP_JAVA) where the JDK can jlink. The
# class-data archive for that JVM (src/serving/bin/appcds.sh: app.aot on JDK >= 25, app-cds.jsa
# before) is made again when the app is rebuilt (the build replaces quarkus-app/, this stamp with it)
# or RUN_JAVA changes. Without one, the app starts all the same.
RUN_JAVA ?= $(if $(wildcard $(JAVA25)),$(JAVA25),$(JAVA))
RUN_JDK = $(patsubst %/bin/java,%,$(RUN_JAVA))
APP_RUNTIME := src/serving/target/quarkus-app/jre/bin/java
# Decided when a recipe runs, after the build: the jlinked runtime where it made one, else RUN_JAVA.
APP_JAVA = $$(if [ -x $(APP_RUNTIME) ]; then echo $(APP_RUNTIME); else echo $(RUN_JAVA); fi)
APP_ARCHIVE := src/serving/target/quarkus-app/.archive-for$(subst /,_,$(RUN_JAVA))

$(APP_ARCHIVE): $(APP_JAR)
	src/serving/bin/appcds.sh $(APP_JAVA) && touch '$@' || echo "no class-data archive: make run starts without one"

run: $(APP_JAR) $(APP_ARCHIVE)
	JAVA=$(APP_JAVA) src/serving/bin/run.sh

dev: deps
	$(MVN) $(MAVEN_ARGS) -q install -DskipTests -Dmaven.antrun.skip -pl src/core,src/store -am
	$(MVN) $(MAVEN_ARGS) quarkus:dev -pl src/serving

# Every module's tests with the HTTP server (and the pipeline zip's), then each serving Lambda packaging's
# own (it builds its zip into dist/ on the way); install puts sift-core and sift-store where the
# single-module (-pl) runs find them.
test: deps training-deps browser-deps
	$(MVN) $(MAVEN_ARGS) install -Dlambda.platform=$(LAMBDA_PLATFORM) -Dapp.jdk=$(RUN_JDK)
	$(MVN) $(MAVEN_ARGS) -Plambda verify -pl src/serving -Dlambda.platform=$(LAMBDA_PLATFORM) -Dbundled.jdk=$(BUNDLED_JDK)
	$(MVN) $(MAVEN_ARGS) -Plambda-http verify -pl src/serving -Dlambda.platform=$(LAMBDA_PLATFORM) -Dbundled.jdk=$(BUNDLED_JDK)
	$(MAKE) infra-test

# Once after `cdk deploy` (infra/README.md): the base data and the encoder the trainer starts from to the
# retrain pipeline's S3 layout, and the packaged default bundle as the registry's first champion.
# make seed-aws TRAINING=s3://<models>/training REGISTRY=s3://<models>/registry [DATA=../shared/data/htl]
seed-aws: DATA ?= ../shared/data/htl
seed-aws: pipeline-jar
	@case "$(TRAINING) $(REGISTRY)" in "s3://"*" s3://"*) ;; *) echo "usage: make seed-aws TRAINING=s3://<models>/training REGISTRY=s3://<models>/registry [DATA=dir]"; exit 2;; esac
	$(JAVA) -cp $(PIPELINE_CP) dev.sift.pipeline.SeedTrainingData "$(TRAINING)" "$(REGISTRY)" "$(DATA)" $(ENCODER) models/review-sentiment

# The zero-shot bundle (untrained encoder + written label examples, models/zh-sentiment/bundle.json):
# where a user with no labelled data starts. Serve it with SIFT_MODEL_BUNDLE=<printed path>.
embedding-bundle: deps
	$(MVN) $(MAVEN_ARGS) -q process-test-classes -pl src/pipeline -am
	@echo "embedding bundle: $(CURDIR)/src/pipeline/target/test-classes/bundles/zh-sentiment-embedding"

# --- Lambda packagings (README, Lambda): one codebase, two zips; LAMBDA_PLATFORM picks the ONNX Runtime
# natives they carry: linux-x64 for x86_64 functions, linux-aarch64 for arm64 (Graviton).
LAMBDA_PLATFORM ?= linux-x64
# The JDK the bundled-runtime zips (dist/*-bundled.zip: provided.al2023, the JVM and its AOT cache inside)
# are jlinked from and trained on; without one, or for linux-aarch64, the Lambda builds skip them.
BUNDLED_JDK ?= $(patsubst %/bin/java,%,$(JAVA25))

lambda: deps
	$(MVN) $(MAVEN_ARGS) -Plambda install -DskipTests -Dlambda.platform=$(LAMBDA_PLATFORM) -Dbundled.jdk=$(BUNDLED_JDK)
	$(MVN) $(MAVEN_ARGS) -Plambda-http package -DskipTests -pl src/serving -Dlambda.platform=$(LAMBDA_PLATFORM) -Dbundled.jdk=$(BUNDLED_JDK)
	@ls -l dist/*.zip

# Pre-optimized model (written to target/preoptimized-bundle), then the cold start with it as one variant.
preoptimized-model: deps
	src/bench/preoptimized-model.sh

lambda-coldstart: deps
	JAVA25=$(JAVA25) src/bench/lambda-coldstart.sh

# A local GraalVM/Mandrel (native-image on PATH) builds for this machine's architecture; otherwise
# Quarkus's container build (Mandrel builder image) where a Docker or Podman engine runs. Writes the same
# dist/ paths as `make lambda`, as native zips (bootstrap).
native: deps
	@if command -v native-image >/dev/null; then extra=; \
	elif docker info >/dev/null 2>&1 || podman info >/dev/null 2>&1; then extra=-Dquarkus.native.container-build=true; \
	else echo "make native needs GraalVM or Mandrel (native-image on PATH) or a running Docker/Podman for Quarkus's container build; this machine has neither" >&2; exit 1; fi; \
	$(MVN) $(MAVEN_ARGS) install -DskipTests -Dmaven.antrun.skip -pl src/core,src/store -am && \
	$(MVN) $(MAVEN_ARGS) -Plambda,native package -DskipTests -pl src/serving -Dlambda.platform=$(LAMBDA_PLATFORM) $$extra && \
	$(MVN) $(MAVEN_ARGS) -Plambda-http,native package -DskipTests -pl src/serving -Dlambda.platform=$(LAMBDA_PLATFORM) $$extra

# Targets below share the names DATA, OUT and LABEL_MAP with different meanings, so their defaults
# are target-specific (a value given on the command line always wins).

# make evaluate BUNDLE=dir|classpath:...|registry:dir DATA=file.csv OUT=dir [LABEL_MAP=0=negative,1=positive]
evaluate: BUNDLE ?= models/review-sentiment
evaluate: OUT ?= target/evaluation
evaluate: pipeline-jar
	@test -n "$(DATA)" || { echo "usage: make evaluate DATA=path/to/test.csv [BUNDLE=...] [OUT=...] [LABEL_MAP=a=x,b=y]"; exit 2; }
	$(JAVA) -cp $(PIPELINE_CP) dev.sift.pipeline.EvaluateBundle "$(BUNDLE)" "$(DATA)" "$(OUT)" $(if $(LABEL_MAP),--label-map $(LABEL_MAP))

# make monitor PREDICTIONS=file:dir|s3://bucket/prefix OUT=dir [SINCE=yyyy-mm-dd] [UNTIL=yyyy-mm-dd] [BUNDLE_DIR=models/review-sentiment]
# [S3_ENDPOINT=url]: a window of the prediction log against the bundle's reference (README, Monitoring).
monitor: BUNDLE_DIR ?= models/review-sentiment
monitor: pipeline-jar
	@test -n "$(PREDICTIONS)" -a -n "$(OUT)" || { echo "usage: make monitor PREDICTIONS=file:dir|s3://bucket/prefix OUT=dir [SINCE=yyyy-mm-dd] [UNTIL=yyyy-mm-dd] [BUNDLE_DIR=dir]"; exit 2; }
	$(JAVA) -cp $(PIPELINE_CP) dev.sift.monitor.Monitor --predictions "$(PREDICTIONS)" --out "$(OUT)" --bundle "$(BUNDLE_DIR)" \
	  $(if $(SINCE),--since $(SINCE)) $(if $(UNTIL),--until $(UNTIL)) $(if $(S3_ENDPOINT),--s3-endpoint $(S3_ENDPOINT))

# make review-queue PREDICTIONS=file:dir|s3://bucket/prefix OUT=queue.csv [N=200] [SINCE=…] [UNTIL=…]: the logged texts
# most worth a label, as a CSV to fill in (README, Review queue). Needs sift.predictions.keep-text=true.
review-queue: N ?= 200
review-queue: pipeline-jar
	@test -n "$(PREDICTIONS)" -a -n "$(OUT)" || { echo "usage: make review-queue PREDICTIONS=file:dir|s3://bucket/prefix OUT=queue.csv [N=200] [SINCE=yyyy-mm-dd] [UNTIL=yyyy-mm-dd]"; exit 2; }
	$(JAVA) -cp $(PIPELINE_CP) dev.sift.review.ReviewQueueCommand --predictions "$(PREDICTIONS)" --out "$(OUT)" -n $(N) \
	  $(if $(SINCE),--since $(SINCE)) $(if $(UNTIL),--until $(UNTIL)) $(if $(S3_ENDPOINT),--s3-endpoint $(S3_ENDPOINT))

# make feedback-import FILE=queue.csv [URL=http://localhost:8080]: a filled review queue's labels through POST /feedback.
feedback-import: pipeline-jar
	@test -f "$(FILE)" || { echo "usage: make feedback-import FILE=queue.csv [URL=http://localhost:8080]"; exit 2; }
	$(JAVA) -cp $(PIPELINE_CP) dev.sift.feedback.FeedbackImport "$(FILE)" $(or $(URL),http://localhost:8080)

# The review queue against random labelling on htl, frozen encoder + softmax head (README, Review queue).
bench-review-queue: pipeline-jar
	@test -d ../shared/data/htl || { echo "bench-review-queue: ../shared/data/htl is missing"; exit 2; }
	$(JAVA) -cp src/pipeline/target/test-classes:$(PIPELINE_CP) dev.sift.bench.ActiveLearningBench ../shared/data/htl $(or $(SEEDS),3)

# make monitor-reference BUNDLE_DIR=dir DATA=val.csv: the bundle's held-out texts as its monitoring reference.
monitor-reference: pipeline-jar
	@test -n "$(BUNDLE_DIR)" -a -n "$(DATA)" || { echo "usage: make monitor-reference BUNDLE_DIR=dir DATA=val.csv"; exit 2; }
	$(JAVA) -cp $(PIPELINE_CP) dev.sift.monitor.RecordReference "$(BUNDLE_DIR)" "$(DATA)"

# make classify-file IN=file.csv|file.jsonl OUT=out.jsonl [COLUMN=text] [ID_COLUMN=id] [BUNDLE=dir|registry:...]
#   [OVERWRITE=1] [WORKERS=n RUN_THREADS=n CHUNK_ROWS=n]: README, Classify a backlog. Rerun the same command after a kill to resume.
classify-file: COLUMN ?= text
classify-file: ID_COLUMN ?= id
classify-file: BUNDLE ?= models/review-sentiment
classify-file: pipeline-jar
	@test -n "$(IN)" -a -n "$(OUT)" || { echo "usage: make classify-file IN=file.csv|file.jsonl OUT=out.jsonl [COLUMN=text] [BUNDLE=...] [OVERWRITE=1]"; exit 2; }
	$(JAVA) -cp $(PIPELINE_CP) dev.sift.backlog.ClassifyFile "$(IN)" "$(OUT)" --column "$(COLUMN)" --id-column "$(ID_COLUMN)" --bundle "$(BUNDLE)" \
	  $(if $(filter 1 true yes,$(OVERWRITE)),--overwrite) $(if $(WORKERS),--workers $(WORKERS)) $(if $(RUN_THREADS),--threads $(RUN_THREADS)) $(if $(CHUNK_ROWS),--chunk-rows $(CHUNK_ROWS))

# make classify-s3 IN=s3://bucket/input/ OUT=s3://bucket/output/job/ STATE_MACHINE=arn [COLUMN=text] [OVERWRITE=1]:
# one execution of the deployed BatchStack state machine per input object, followed to the end (README, Classify a backlog).
classify-s3: COLUMN ?= text
classify-s3: ID_COLUMN ?= id
classify-s3: pipeline-jar
	@test -n "$(IN)" -a -n "$(OUT)" -a -n "$(STATE_MACHINE)" || { echo "usage: make classify-s3 IN=s3://bucket/input/ OUT=s3://bucket/output/job/ STATE_MACHINE=<BatchStateMachineArn output> [COLUMN=text] [OVERWRITE=1]"; exit 2; }
	$(JAVA) -cp $(PIPELINE_CP) dev.sift.backlog.ClassifyS3 "$(IN)" "$(OUT)" --state-machine "$(STATE_MACHINE)" --column "$(COLUMN)" --id-column "$(ID_COLUMN)" \
	  $(if $(filter 1 true yes,$(OVERWRITE)),--overwrite)

# Throughput of classify-file on a whole CSV against the bare ONNX session and POST /classify, one run (README, Classify a backlog).
bench-classify-file: DATA ?= ../shared/data/online_shopping_10_cats.csv
bench-classify-file: COLUMN ?= review
bench-classify-file: pipeline-jar $(APP_JAR)
	@test -f "$(DATA)" || { echo "bench-classify-file: $(DATA) is missing (../shared/data, or DATA=...)"; exit 2; }
	$(MVN) $(MAVEN_ARGS) -q test-compile dependency:build-classpath -pl src/pipeline -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
	$(JAVA) -cp src/pipeline/target/test-classes:src/pipeline/target/classes:$$(cat src/pipeline/target/test-classpath.txt) \
	  dev.sift.bench.ClassifyFileBench "$(DATA)" "$(COLUMN)" models/review-sentiment $(APP_JAR) $(PIPELINE_CP) $(or $(WORKERS),$(shell nproc)) $(or $(RUN_THREADS),1) $(or $(CHUNK_ROWS),2048)

# make calibrate BUNDLE_DIR=dir DATA=val.csv [LABEL_MAP=0=negative,1=positive] [TARGET_ACCURACY=0.97] [VERSION=x.y.z] [APPLY=1]:
# the bundle's temperature and recommended abstention threshold, fitted on validation data, into its manifest.json.
calibrate: TARGET_ACCURACY ?= 0.97
calibrate: pipeline-jar
	@test -n "$(BUNDLE_DIR)" -a -n "$(DATA)" || { echo "usage: make calibrate BUNDLE_DIR=dir DATA=val.csv [LABEL_MAP=...] [TARGET_ACCURACY=0.97] [VERSION=...] [APPLY=1]"; exit 2; }
	$(JAVA) -cp $(PIPELINE_CP) dev.sift.pipeline.CalibrateBundle "$(BUNDLE_DIR)" "$(DATA)" --target-accuracy $(TARGET_ACCURACY) \
	  $(if $(LABEL_MAP),--label-map $(LABEL_MAP)) $(if $(VERSION),--version $(VERSION)) $(if $(filter 1 true yes,$(APPLY)),--apply-min-score)

# make bench-explain [DATA=../shared/data/htl/test.csv] [BUNDLE=models/review-sentiment] [SAMPLE=n]: README, Explanations.
# pipeline-jar compiles the pipeline's test classes (the benchmark) against this checkout's sift-core.
bench-explain: DATA ?= ../shared/data/htl/test.csv
bench-explain: BUNDLE ?= models/review-sentiment
bench-explain: pipeline-jar
	@test -f "$(DATA)" || { echo "bench-explain: $(DATA) is missing (../shared/data, or DATA=...)"; exit 2; }
	$(JAVA) -cp src/pipeline/target/test-classes:$(PIPELINE_CP) dev.sift.bench.ExplainBench "$(DATA)" "$(BUNDLE)" $(SAMPLE)

# make promote BUNDLE_DIR=dir DATA=frozen-test.csv [REGISTRY=target/registry] [TOLERANCE=0.005] [LABEL_MAP=...]
# make rollback NAME=bundle-name VERSION=x.y.z [REGISTRY=...]
REGISTRY ?= target/registry
TOLERANCE ?= 0.005
promote: pipeline-jar
	@test -n "$(BUNDLE_DIR)" -a -n "$(DATA)" || { echo "usage: make promote BUNDLE_DIR=dir DATA=test.csv [REGISTRY=...] [TOLERANCE=0.005]"; exit 2; }
	$(JAVA) -cp $(PIPELINE_CP) dev.sift.pipeline.PromoteBundle promote "$(REGISTRY)" "$(BUNDLE_DIR)" "$(DATA)" --tolerance $(TOLERANCE) $(if $(LABEL_MAP),--label-map $(LABEL_MAP))

rollback: pipeline-jar
	@test -n "$(NAME)" -a -n "$(VERSION)" || { echo "usage: make rollback NAME=bundle-name VERSION=x.y.z [REGISTRY=...]"; exit 2; }
	$(JAVA) -cp $(PIPELINE_CP) dev.sift.pipeline.PromoteBundle rollback "$(REGISTRY)" "$(NAME)" "$(VERSION)"

# make prepare DATA=../shared/data/htl/train.csv FEEDBACK=file:$$HOME/.sift/feedback OUT=target/prepared
# LABEL_MAP renames feedback labels into the data's labels (the default model says negative/positive,
# htl says 0/1); set LABEL_MAP= for data that uses the model's labels. PREPARE_ARGS passes more options
# (--test-percent, --val-percent, --label-column, --text-column, --s3-endpoint, --s3-region, --s3-path-style).
prepare: DATA ?= ../shared/data/htl
prepare: OUT ?= target/prepared
prepare: LABEL_MAP ?= negative=0,positive=1
FEEDBACK ?= file:$(HOME)/.sift/feedback
PREPARE_ARGS ?=

prepare: pipeline-jar
	$(JAVA) -cp $(PIPELINE_CP) dev.sift.pipeline.PrepareTrainingSet \
		--data $(DATA) --feedback $(FEEDBACK) --out $(OUT) $(if $(LABEL_MAP),--feedback-label-map $(LABEL_MAP)) $(PREPARE_ARGS)

# The tokenizer and classify benchmarks are sift-core's (its test classes); bench-prepare is the pipeline's.
core-bench-classpath: deps
	$(MVN) $(MAVEN_ARGS) -q test-compile dependency:build-classpath -pl src/core -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test

BENCH_CP = src/core/target/test-classes:src/core/target/classes:$$(cat src/core/target/test-classpath.txt)
JMH_ARGS ?= -f 1 -wi 5 -i 10 -w 2s -r 2s

bench-tokenizer: core-bench-classpath
	$(JAVA) -cp $(BENCH_CP) org.openjdk.jmh.Main TokenizerBenchmark $(JMH_ARGS)

bench-classify: core-bench-classpath
	$(JAVA) -cp $(BENCH_CP) org.openjdk.jmh.Main ClassifyBenchmark $(JMH_ARGS)

bench: bench-tokenizer bench-classify

# What the prediction log adds to a single-text classify (README, Prediction log): JMH, side by side.
bench-prediction-log: deps
	$(MVN) $(MAVEN_ARGS) -q install -DskipTests -Dmaven.antrun.skip -pl src/core,src/store -am
	$(MVN) $(MAVEN_ARGS) -q test-compile dependency:build-classpath -pl src/store -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
	$(JAVA) -cp src/store/target/test-classes:src/store/target/classes:$$(cat src/store/target/test-classpath.txt) org.openjdk.jmh.Main PredictionLogBenchmark $(JMH_ARGS)

# prepare reading an S3 feedback store of RECORDS records on s3mock (loopback), ROUNDS runs, each request
# LATENCY_MS later through a delaying proxy (0: none): README, Prepare. BENCH_FIRST_CP goes before the
# class path (the pre-change FeedbackCorrections for a "before" figure).
RECORDS ?= 20000
ROUNDS ?= 3
LATENCY_MS ?= 0
BENCH_FIRST_CP ?=
bench-prepare: deps
	$(MVN) $(MAVEN_ARGS) -q install -DskipTests -Dmaven.antrun.skip -pl src/core,src/store -am
	$(MVN) $(MAVEN_ARGS) -q test-compile dependency:build-classpath -pl src/pipeline -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
	$(JAVA) -cp $(if $(BENCH_FIRST_CP),$(BENCH_FIRST_CP):)src/pipeline/target/test-classes:src/pipeline/target/classes:$$(cat src/pipeline/target/test-classpath.txt) dev.sift.bench.PrepareFeedbackBench $(RECORDS) $(ROUNDS) $(LATENCY_MS)

bench-http: $(APP_JAR) $(APP_ARCHIVE)
	JAVA=$(APP_JAVA) src/bench/http.sh

coldstart: $(APP_JAR)
	JAVA=$(JAVA) JAVA25=$(JAVA25) src/bench/coldstart.sh

# The three artifacts against the Node.js peer (../shared/peer-node), alternating, ROUNDS each: medians and ratios.
coldstart-compare: deps
	RUN_JAVA=$(RUN_JAVA) MAVEN_ARGS="$(MAVEN_ARGS)" CPUS="$(CPUS)" src/bench/coldstart-compare.sh

fixtures:
	@/usr/bin/python3 -c "import onnx" 2>/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-onnx python3-numpy; }
	/usr/bin/python3 src/core/test/resources/bundles/make_tiny_classifier.py

clean:
	$(MVN) -q clean
	rm -rf target

# ---- training job (issue 3): src/training/README.md -------------------------------------------
# make train DATA=../shared/data/htl [MAX_LENGTH=128 HEAD_TOKENS= EPOCHS=3 LR=3e-5 BATCH=32 THREADS=2 MODEL_NAME= MODEL_VERSION= REGISTRY=]
# make baseline DATA=../shared/data/htl
PYTHON := /usr/bin/python3
TRAIN_DIR ?= target/train/$(notdir $(DATA))
MAX_LENGTH ?= 128
HEAD_TOKENS ?=
EPOCHS ?= 3
LR ?= 3e-5
BATCH ?= 32
THREADS ?= 2
TRAIN_ARGS ?=
MODEL_NAME ?= $(notdir $(DATA))-classifier
MODEL_VERSION ?= $(shell date -u +%Y%m%d.%H%M%S)
ENCODER := target/bge-small-zh/bge-small-zh-v1.5-q.onnx
INIT ?= $(ENCODER)
ENCODER_TOKENIZER := target/bge-small-zh/bge-small-zh-v1.5-q-tokenizer.json
TRAIN_HEAD = $(if $(HEAD_TOKENS),--head-tokens $(HEAD_TOKENS),)

.PHONY: training-deps train baseline requantize label-curve distill

# Debian's PyTorch, ONNX, NumPy and scikit-learn (no PyPI); installed only when missing.
training-deps:
	@$(PYTHON) -c "import torch, onnx, numpy, sklearn" 2>/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-onnx python3-numpy python3-sklearn; }

# prepare (serving tokenizer -> ids) -> src/training/job.py, the training container's job run here (train -> export
# -> quantize -> bundle, the one copy of that sequence) -> evaluate + int8/fp32 comparison
# -> promote into $(REGISTRY) if not worse than the champion on the same test split (exit 3 = rejected, not an error).
train: training-deps pipeline-jar
	@test -d "$(DATA)" || { echo "usage: make train DATA=dir-with-train/val/test.csv (e.g. ../shared/data/htl)"; exit 2; }
	$(JAVA) -cp $(PIPELINE_CP) dev.sift.pipeline.TokenizeDataset $(ENCODER_TOKENIZER) $(TRAIN_DIR)/channel/ids --max-length $(MAX_LENGTH) $(TRAIN_HEAD) $(DATA)/train.csv $(DATA)/val.csv $(DATA)/test.csv
	cp $(ENCODER_TOKENIZER) $(TRAIN_DIR)/channel/tokenizer.json
	rm -rf $(TRAIN_DIR)/bundle $(TRAIN_DIR)/bundle-fp32
	cd src/training && $(PYTHON) job.py --data $(CURDIR)/$(TRAIN_DIR)/channel --model-dir $(CURDIR)/$(TRAIN_DIR)/bundle \
		--work $(CURDIR)/$(TRAIN_DIR) --output $(CURDIR)/$(TRAIN_DIR)/output \
		--name $(MODEL_NAME) --version $(MODEL_VERSION) --init $(abspath $(INIT)) --fp32-bundle $(CURDIR)/$(TRAIN_DIR)/bundle-fp32 \
		-- --epochs $(EPOCHS) --lr $(LR) --batch-size $(BATCH) --threads $(THREADS) $(TRAIN_ARGS)
	$(JAVA) -cp $(PIPELINE_CP) dev.sift.pipeline.CalibrateBundle $(TRAIN_DIR)/bundle $(DATA)/val.csv --threads $(THREADS)
	$(JAVA) -cp $(PIPELINE_CP) dev.sift.monitor.RecordReference $(TRAIN_DIR)/bundle $(DATA)/val.csv
	$(JAVA) -cp $(PIPELINE_CP) dev.sift.pipeline.EvaluateBundle $(TRAIN_DIR)/bundle $(DATA)/test.csv $(TRAIN_DIR)/eval --threads $(THREADS)
	$(JAVA) -cp $(PIPELINE_CP) dev.sift.pipeline.CompareBundles $(TRAIN_DIR)/bundle-fp32 $(TRAIN_DIR)/bundle $(DATA)/test.csv $(TRAIN_DIR)/eval
	$(JAVA) -cp $(PIPELINE_CP) dev.sift.pipeline.PromoteBundle promote $(REGISTRY) $(TRAIN_DIR)/bundle $(DATA)/test.csv --tolerance $(TOLERANCE) || test $$? -eq 3
	@echo "bundle: $(TRAIN_DIR)/bundle (metrics: $(TRAIN_DIR)/eval/metrics.json + report.html, int8 vs fp32: $(TRAIN_DIR)/eval/comparison.json); registry: $(REGISTRY) (serve its champion with SIFT_MODEL_BUNDLE=registry:$(REGISTRY))"

# The default bundle's general sentiment task (issue 11, item 6): htl plus a polarity-balanced sample of
# shopping10's product reviews (PER_CATEGORY per category), htl test unchanged, one test file per review domain
# in OUT/domains. Then: make train DATA=target/sentiment-mix ... and src/bench/sentiment-domains.sh.
sentiment-data: SHARED_DATA ?= ../shared/data
sentiment-data: OUT ?= target/sentiment-mix
sentiment-data: PER_CATEGORY ?= 600
sentiment-data:
	cd src/training && $(PYTHON) sentiment_task.py $(abspath $(SHARED_DATA)) $(abspath $(SHARED_DATA))/online_shopping_10_cats.csv $(abspath $(OUT)) --per-category $(PER_CATEGORY)

# Domain-adaptive pretraining (issue 11): continue the encoder's masked-language-model training on unlabeled
# text, then fine-tune from it. UNLABELED: CSV files and/or directories of them (labels, if any, are ignored),
# COLUMN their text column (a directory means all its CSVs: a canonical split's directory would bring its test
# texts too). make pretrain UNLABELED=../shared/data/htl/train.csv OUT=target/pretrain/htl
# then: make train DATA=../shared/data/htl INIT=target/pretrain/htl/encoder.pt ...
pretrain: OUT ?= target/pretrain
pretrain: COLUMN ?= text
pretrain: PRETRAIN_LENGTH ?= 128
pretrain: training-deps pipeline-jar
	@test -n "$(UNLABELED)" || { echo "usage: make pretrain UNLABELED='file.csv|dir ...' [COLUMN=text] [OUT=target/pretrain] [PRETRAIN_LENGTH=128] [PRETRAIN_ARGS='--epochs 1']"; exit 2; }
	rm -rf $(OUT)/ids
	$(JAVA) -cp $(PIPELINE_CP) dev.sift.pipeline.TokenizeDataset $(ENCODER_TOKENIZER) $(OUT)/ids --max-length $(PRETRAIN_LENGTH) \
		--text-column $(COLUMN) $(foreach u,$(UNLABELED),$(if $(wildcard $(u)/*.csv),$(wildcard $(u)/*.csv),$(u)))
	cd src/training && $(PYTHON) pretrain.py --data $(abspath $(OUT))/ids --tokenizer $(CURDIR)/$(ENCODER_TOKENIZER) \
		--out $(abspath $(OUT)) --init $(CURDIR)/$(ENCODER) --threads $(THREADS) $(PRETRAIN_ARGS)

# The label-efficiency curve (issue 11, item 4): make train's recipe (MAX_LENGTH, HEAD_TOKENS, LR, BATCH, INIT,
# TRAIN_ARGS) on nested stratified FRACTIONS of DATA's train split (fixed SEED), each subset trained for at least
# MIN_STEPS steps, evaluated on the canonical test split by the Java serving code; then TF-IDF on the same texts.
# Curves as an SVG: python3 src/training/label_curve.py report OUT.svg NAME=OUT ... --tfidf OUT/tfidf.json
# (each make train reads /dev/null: its tools would otherwise swallow the rest of the plan from stdin)
label-curve: OUT ?= target/label-curve/$(notdir $(DATA))
label-curve: FRACTIONS ?= 0.05,0.1,0.25,0.5
label-curve: SEED ?= 0
label-curve: MIN_STEPS ?= 150
label-curve: training-deps pipeline-jar
	@test -d "$(DATA)" || { echo "usage: make label-curve DATA=dir-with-train/val/test.csv [FRACTIONS=0.05,0.1,0.25,0.5] [OUT=...] + make train's settings"; exit 2; }
	mkdir -p $(OUT)
	$(PYTHON) src/training/label_curve.py subsets $(DATA) $(OUT) --fractions $(FRACTIONS) --seed $(SEED) \
		--batch-size $(BATCH) --epochs $(EPOCHS) --min-steps $(MIN_STEPS) > $(OUT)/plan.txt
	while read dir epochs every; do \
		$(MAKE) --no-print-directory train DATA=$$dir TRAIN_DIR=$$dir/run REGISTRY=$(OUT)/registry MODEL_NAME=$(notdir $(DATA))-$$(basename $$dir) \
			EPOCHS=$$epochs TRAIN_ARGS="--eval-every $$every $(TRAIN_ARGS)" < /dev/null || exit 1; \
	done < $(OUT)/plan.txt
	$(PYTHON) src/training/label_curve.py tfidf $(DATA) $(OUT) --fractions $(FRACTIONS),1

# Ensemble distillation (issue 11, item 2): MEMBERS are make train directories (their TRAIN_DIR) of runs on DATA at one
# MAX_LENGTH/HEAD_TOKENS, e.g. several seeds (TRAIN_ARGS="--seed 2" TRAIN_DIR=target/train/htl-s2). Their fp32 checkpoints'
# averaged soft predictions (src/training/teacher.py, at TEMPERATURE) on DATA's train texts plus UNLABELED CSVs (COLUMN;
# val and test texts dropped) teach one student of the same size, trained, quantized, evaluated and promoted as make
# train does (train.py --teacher, hard labels weighted ALPHA). The student goes to OUT. BOW_WEIGHT=1 adds a TF-IDF +
# logistic regression member fitted on DATA's train labels (teacher.py --bow-weight).
distill: OUT ?= target/distill/$(notdir $(DATA))
distill: COLUMN ?= text
distill: TEMPERATURE ?= 2
distill: ALPHA ?= 0.5
distill: BOW_WEIGHT ?= 0
distill: training-deps pipeline-jar
	@test -d "$(DATA)" -a -n "$(MEMBERS)" || { echo "usage: make distill DATA=dir MEMBERS='train-dir train-dir ...' [UNLABELED='file.csv ...' COLUMN=text] [OUT=] [TEMPERATURE=2 ALPHA=0.5 BOW_WEIGHT=0] + make train's settings"; exit 2; }
	rm -rf $(OUT)/teacher && mkdir -p $(OUT)/teacher
	$(JAVA) -cp $(PIPELINE_CP) dev.sift.pipeline.TokenizeDataset $(ENCODER_TOKENIZER) $(OUT)/teacher/ids --max-length $(MAX_LENGTH) $(TRAIN_HEAD) $(DATA)/train.csv $(DATA)/val.csv $(DATA)/test.csv
	$(if $(UNLABELED),$(JAVA) -cp $(PIPELINE_CP) dev.sift.pipeline.TokenizeDataset $(ENCODER_TOKENIZER) $(OUT)/teacher/unlabeled --max-length $(MAX_LENGTH) $(TRAIN_HEAD) --text-column $(COLUMN) $(UNLABELED))
	cd src/training && $(PYTHON) teacher.py --members $(foreach m,$(MEMBERS),$(abspath $(m))/run/best.pt) --temperature $(TEMPERATURE) --threads $(THREADS) --bow-weight $(BOW_WEIGHT) \
		--ids $(abspath $(OUT))/teacher/ids/train.jsonl $(if $(UNLABELED),$(abspath $(OUT))/teacher/unlabeled/*.jsonl) \
		--val $(abspath $(OUT))/teacher/ids/val.jsonl --exclude $(abspath $(OUT))/teacher/ids/val.jsonl $(abspath $(OUT))/teacher/ids/test.jsonl \
		--out $(abspath $(OUT))/teacher/teacher.jsonl
	$(MAKE) --no-print-directory train DATA=$(DATA) TRAIN_DIR=$(OUT) MODEL_NAME=$(notdir $(DATA))-distilled \
		TRAIN_ARGS="--teacher $(abspath $(OUT))/teacher/teacher.jsonl --distill-alpha $(ALPHA) $(TRAIN_ARGS)" < /dev/null

# The 12-label multi-label task of issue 13: shopping10's canonical split, each review labelled with its category
# and its polarity from online_shopping_10_cats.csv ("书籍|positive"). Then: make train DATA=target/shopping-multilabel ...
multilabel-data: SHARED_DATA ?= ../shared/data
multilabel-data: OUT ?= target/shopping-multilabel
multilabel-data:
	$(PYTHON) src/training/multilabel_task.py $(SHARED_DATA)/shopping10 $(SHARED_DATA)/online_shopping_10_cats.csv $(OUT)

baseline: training-deps
	@test -d "$(DATA)" || { echo "usage: make baseline DATA=dir-with-train/val/test.csv"; exit 2; }
	cd src/training && $(PYTHON) baseline.py $(abspath $(DATA)) --out $(CURDIR)/target/baseline/$(notdir $(DATA))

# A bundle's int8 weights re-encoded (src/training/requantize.py) under a new version, then evaluated on
# DATA with both kernel paths and the CPU recorded in its manifest:
# make requantize BUNDLE_DIR=models/review-sentiment OUT=target/requantized VERSION=1.2.0 DATA=../shared/data/htl/test.csv LABEL_MAP=0=negative,1=positive
SCHEME ?= u8-weights
requantize: training-deps pipeline-jar
	@test -n "$(BUNDLE_DIR)" -a -n "$(OUT)" -a -n "$(VERSION)" -a -n "$(DATA)" || { echo "usage: make requantize BUNDLE_DIR=dir OUT=dir VERSION=x.y.z DATA=test.csv [SCHEME=u8-weights|s7-weights|u7-activations] [LABEL_MAP=...]"; exit 2; }
	cd src/training && $(PYTHON) requantize.py --bundle $(abspath $(BUNDLE_DIR)) $(abspath $(OUT)) --scheme $(SCHEME) --version $(VERSION)
	$(JAVA) -cp $(PIPELINE_CP) dev.sift.pipeline.EvaluateBundle $(OUT) $(DATA) $(OUT)-eval $(if $(LABEL_MAP),--label-map $(LABEL_MAP))
	cd src/training && $(PYTHON) requantize.py --bundle $(abspath $(BUNDLE_DIR)) $(abspath $(OUT)) --scheme $(SCHEME) --version $(VERSION) --test-metrics $(abspath $(OUT))-eval/metrics.json
# ---- end training job ---------------------------------------------------------------------------

# --- infra/: sift on AWS as code (AWS CDK in Java, its own Maven project; see infra/README.md) ---
# infra-test: assertion tests per stack and cdk-nag, synthesized offline in-process (Node.js runs jsii).
# infra-synth: the CloudFormation templates in infra/cdk.out, without the cdk CLI.
.PHONY: infra-deps infra-test infra-synth
LAMBDA_ZIP ?= dist/sift-lambda.zip
HTTP_ZIP ?= dist/sift-lambda-http.zip
PIPELINE_ZIP ?= dist/sift-pipeline-lambda.zip

# The CDK's Java classes drive a Node.js process (jsii); the machine image has Node 20, Debian's is the fallback.
infra-deps: deps
	@command -v node >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs; }

infra-test: infra-deps
	cd infra && ../mvnw -B -ntp $(MAVEN_ARGS) test

infra-synth: infra-deps
	cd infra && CDK_OUTDIR=cdk.out CDK_CONTEXT_JSON='{"lambdaZip":"$(abspath $(LAMBDA_ZIP))","httpZip":"$(abspath $(HTTP_ZIP))","pipelineZip":"$(abspath $(PIPELINE_ZIP))"}' \
		../mvnw -B -ntp $(MAVEN_ARGS) -q compile exec:java

# ---- discover and few-shot (issue 12; dev.sift.discover, README "Day 0: discover topics, then few-shot") ----
# make discover DATA=texts.csv [COLUMN=text] [K=auto] OUT=dir [DISCOVER_ARGS="--keywords jieba --compare-column label"]
# make fewshot LABELS=labels.json [DATA=labelled.csv] [POOL=unlabeled.csv] OUT=bundle-dir [FEWSHOT_ARGS="--name my-labels"]
#   POOL: unlabeled texts (column COLUMN) that teach the head; discover's input is the natural one
COLUMN ?= text
K ?= auto
DISCOVER_ARGS ?=
FEWSHOT_ARGS ?=
.PHONY: discover fewshot

discover: pipeline-jar
	@test -n "$(DATA)" -a -n "$(OUT)" || { echo "usage: make discover DATA=texts.csv [COLUMN=text] [K=auto|n] OUT=dir"; exit 2; }
	$(JAVA) -cp $(PIPELINE_CP) dev.sift.discover.DiscoverCommand --data "$(DATA)" --column "$(COLUMN)" --k "$(K)" --out "$(OUT)" $(DISCOVER_ARGS)

fewshot: pipeline-jar
	@test -n "$(LABELS)" -a -n "$(OUT)" || { echo "usage: make fewshot LABELS=labels.json [DATA=labelled.csv] [POOL=unlabeled.csv [COLUMN=text]] OUT=bundle-dir"; exit 2; }
	$(JAVA) -cp $(PIPELINE_CP) dev.sift.discover.FewShotCommand --labels "$(LABELS)" $(if $(DATA),--data "$(DATA)") $(if $(POOL),--pool "$(POOL)" --pool-column "$(COLUMN)") --out "$(OUT)" $(FEWSHOT_ARGS)

# The few-shot curve (4..64 labelled examples per label, DRAWS draws) and TF-IDF + LR on the same examples:
# make bench-fewshot DATA=../shared/data/htl [ZERO_SHOT=models/zh-sentiment/bundle.json:0=negative,1=positive] [DRAWS=5] [POOL_LIMIT=10000]
#   POOL_LIMIT: train texts (labels unused) that teach the fewshotPool head, as make fewshot POOL=...; 0 for none
DRAWS ?= 5
POOL_LIMIT ?= 10000
ZERO_SHOT ?= names
.PHONY: bench-fewshot
bench-fewshot: training-deps pipeline-jar
	@test -d "$(DATA)" || { echo "usage: make bench-fewshot DATA=dir-with-train/test.csv [ZERO_SHOT=bundle.json:datalabel=label,...] [DRAWS=5]"; exit 2; }
	$(JAVA) -cp $(PIPELINE_CP) dev.sift.discover.FewShotCurve $(DATA) target/fewshot-curve/$(notdir $(DATA)) $(DRAWS) $(ZERO_SHOT) $(POOL_LIMIT)
	$(PYTHON) src/bench/fewshot_tfidf.py $(DATA) target/fewshot-curve/$(notdir $(DATA))
