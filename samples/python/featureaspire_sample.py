#!/usr/bin/env python3
"""Calls FeatureApi's gRPC FeatureService from Python, with stubs generated from protos/ at run time.

A ranker would keep one channel and one ExtractStream open; this sample makes each call once and prints what came
back: GetDefinitions, Extract, ExtractBatch, ExtractStream, ExtractCandidates, and an invalid Extract refused with
INVALID_ARGUMENT. It exits non-zero when a call fails or an answer is not what the schema promises, so CI runs it
against a live FeatureApi to catch a broken schema.

Needs Debian's python3-grpcio and python3-grpc-tools (run it with /usr/bin/python3, where apt installs them).
"""

import argparse
import os
import sys
import tempfile

import grpc
import grpc_tools
from grpc_tools import protoc

PROTOS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "protos")
SCHEMA = ["featureaspire/v1/features.proto", "featureaspire/v1/feature_service.proto"]


def generate_stubs():
    """Compiles protos/ into a temporary folder and imports the generated modules."""
    out = tempfile.mkdtemp(prefix="featureaspire-stubs-")
    # google/protobuf/duration.proto ships with grpc_tools.
    well_known = os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")
    status = protoc.main(["grpc_tools.protoc", "-I", PROTOS, "-I", well_known,
                          "--python_out", out, "--grpc_python_out", out] + [os.path.join(PROTOS, p) for p in SCHEMA])
    if status != 0:
        sys.exit(f"protoc could not compile {PROTOS} (exit {status})")
    sys.path.insert(0, out)
    from featureaspire.v1 import feature_service_pb2, feature_service_pb2_grpc, features_pb2
    return feature_service_pb2, feature_service_pb2_grpc, features_pb2


def status_name(features_pb2, status):
    return features_pb2.FeatureStatus.Name(status).replace("FEATURE_STATUS_", "").lower()


def show(features_pb2, vector):
    """feature=value (status), sorted by name."""
    return " ".join(f"{name}={vector.features[name]:g} ({status_name(features_pb2, vector.status[name])})"
                    for name in sorted(vector.features))


def expect(condition, message):
    if not condition:
        sys.exit(f"FAILED: {message}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", default="localhost:5181", help="FeatureApi's grpc endpoint, host:port")
    parser.add_argument("--api-key", default=os.environ.get("FEATUREAPI_API_KEY"), help="a key with features:read (or FEATUREAPI_API_KEY)")
    parser.add_argument("--user", type=int, default=101, help="the user to extract")
    parser.add_argument("--current-value", type=float, default=120.0, help="the request's current_value")
    args = parser.parse_args()
    expect(args.api_key, "no API key: pass --api-key or set FEATUREAPI_API_KEY")

    service_pb2, service_grpc, features_pb2 = generate_stubs()
    metadata = [("x-api-key", args.api_key)]

    def extract_request(user):
        request = service_pb2.ExtractRequest()
        request.entities["user"].int_key = user
        request.request["current_value"] = args.current_value
        return request

    with grpc.insecure_channel(args.target) as channel:
        features = service_grpc.FeatureServiceStub(channel)

        definitions = features.GetDefinitions(service_pb2.GetDefinitionsRequest(), metadata=metadata, timeout=10)
        expect(len(definitions.features) > 0, "GetDefinitions listed no feature")
        print(f"GetDefinitions: {len(definitions.features)} features, registry version {definitions.registry_version}")

        # The default set; a deadline of a second, though FeatureApi answers (degraded if the store is slow) within its own.
        vector = features.Extract(extract_request(args.user), metadata=metadata, timeout=1)
        expect(vector.entities["user"].int_key == args.user, "Extract answered for another user")
        print(f"Extract: user {args.user} degraded={vector.degraded} {show(features_pb2, vector)}")

        ages = service_pb2.ExtractBatchRequest(features=["user_age"])
        for user in (args.user, args.user + 1, args.user + 2):
            item = ages.requests.add()
            item.entities["user"].int_key = user
            item.request["current_value"] = args.current_value
        batch = features.ExtractBatch(ages, metadata=metadata, timeout=1)
        expect([r.entities["user"].int_key for r in batch.results] == [args.user, args.user + 1, args.user + 2], "ExtractBatch changed the order")
        print("ExtractBatch: " + ", ".join(f"user {r.entities['user'].int_key} {show(features_pb2, r)}" for r in batch.results))

        # One stream, many messages sent without waiting: the answers come back in the order asked.
        users = [args.user + i % 5 for i in range(100)]
        answers = list(features.ExtractStream((extract_request(user) for user in users), metadata=metadata, timeout=10))
        expect([a.entities["user"].int_key for a in answers] == users, "ExtractStream answered out of order")
        print(f"ExtractStream: {len(answers)} answers in request order, {sum(a.degraded for a in answers)} degraded")

        ranking = service_pb2.ExtractCandidatesRequest(features=["user_age", "f_age_value_ratio"])
        ranking.candidates.entity = "user"
        for user in (args.user + 2, args.user):
            ranking.candidates.keys.add().int_key = user
        ranking.request["current_value"] = args.current_value
        ranked = features.ExtractCandidates(ranking, metadata=metadata, timeout=1)
        expect([row.key.int_key for row in ranked.rows] == [args.user + 2, args.user], "ExtractCandidates changed the order")
        print("ExtractCandidates: " + ", ".join(f"user {row.key.int_key} {show(features_pb2, row)}" for row in ranked.rows))

        invalid = extract_request(args.user)
        invalid.features.append("no_such_feature")
        try:
            features.Extract(invalid, metadata=metadata, timeout=1)
            expect(False, "an unknown feature was not refused")
        except grpc.RpcError as error:
            expect(error.code() == grpc.StatusCode.INVALID_ARGUMENT, f"an unknown feature got {error.code()}")
            print(f"Invalid Extract: {error.code().name}: {error.details()}")

    print("All calls answered.")


if __name__ == "__main__":
    main()
