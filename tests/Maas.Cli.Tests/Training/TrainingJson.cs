namespace Maas.Cli.Tests.Training;

/// <summary>Answers in the exact JSON shapes of the training API contract, for stub-handler tests.</summary>
internal static class TrainingJson
{
    public const string DatasetVersion = """
        {
          "dataset": "iris", "version": 2, "digest": "sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
          "size": 4551, "created": "2026-05-01T10:00:00Z", "rows": 150,
          "columns": [
            { "name": "sepal_length", "kind": "numeric", "count": 149, "missing": 1, "mean": 5.843333, "std": 0.828066,
              "min": 4.3, "max": 7.9, "distinct": 35, "topCategories": [] },
            { "name": "species", "kind": "categorical", "count": 150, "missing": 0, "mean": null, "std": null,
              "min": null, "max": null, "distinct": 3,
              "topCategories": [ { "value": "setosa", "count": 50 }, { "value": "versicolor", "count": 50 },
                                 { "value": "virginica", "count": 49 }, { "value": "unknown", "count": 1 } ] }
          ]
        }
        """;

    public const string Spec = """
        {"dataset":"iris","datasetVersion":2,"target":"species","features":null,"task":"multiclass","missing":"mostfrequent",
         "split":{"train":0.7,"validation":0.15,"test":0.15,"stratify":true},
         "model":{"kind":"logistic","hidden":null,"activation":"relu","dropout":0,"cnn":null,"gbdt":null},
         "optimizer":{"kind":"adamw","learningRate":0.05,"momentum":0.9,"beta1":0.9,"beta2":0.999,"epsilon":1e-8,"weightDecay":0.01},
         "loss":"softmaxcrossentropy","epochs":3,"batchSize":16,"earlyStopping":{"metric":"accuracy","patience":2},"seed":7,"register":"iris-clf"}
        """;

    public static string Job(string state = "succeeded", string? error = null) => $$"""
        {
          "id": "job-0123456789ab", "state": "{{state}}", "spec": {{Spec}},
          "created": "2026-05-01T10:00:00Z", "started": "2026-05-01T10:00:01Z",
          "finished": {{(state is "succeeded" or "failed" or "cancelled" ? "\"2026-05-01T10:00:05Z\"" : "null")}},
          "progress": { "epoch": 3, "epochs": 3, "step": 4, "steps": 4, "percent": 100, "etaSeconds": null },
          "history": [
            { "epoch": 1, "trainLoss": 1.05, "validationLoss": 0.98, "metrics": { "accuracy": 0.6 } },
            { "epoch": 2, "trainLoss": 0.71, "validationLoss": 0.69, "metrics": { "accuracy": 0.8 } },
            { "epoch": 3, "trainLoss": 0.52, "validationLoss": 0.5, "metrics": { "accuracy": 0.9130 } }
          ],
          "metrics": {{(state == "succeeded"
              ? "{ \"train\": { \"accuracy\": 0.95, \"f1\": 0.9478 }, \"validation\": { \"accuracy\": 0.913 }, \"test\": { \"accuracy\": 0.9565, \"roc_auc\": 0.99 } }"
              : "null")}},
          "result": {{(state == "succeeded" ? "{ \"model\": \"iris-clf\", \"version\": 4 }" : "null")}},
          "error": {{(error is null ? "null" : "\"" + error + "\"")}}
        }
        """;

    /// <summary>A job in the running state, for progress events.</summary>
    public static string RunningJob() => Job("running");
}
