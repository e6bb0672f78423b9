// The HTTP ceiling (docs BENCHMARKS.md baseline 5): Kestrel with a minimal API that drains the request body and
// answers a fixed, OIP-shaped JSON document. Whatever a model server does costs on top of this.
// Usage: kestrel-hello [--urls http://127.0.0.1:PORT]
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();

const string Answer = """{"model_name":"hello","model_version":"1","outputs":[{"name":"probability","shape":[1,1],"datatype":"FP32","data":[0.5]}]}""";
app.MapGet("/", () => "hello");
app.MapPost("/v2/models/{name}/infer", async (HttpRequest request) =>
{
    await request.Body.CopyToAsync(Stream.Null, request.HttpContext.RequestAborted);
    return Results.Text(Answer, "application/json");
});

app.Run();
