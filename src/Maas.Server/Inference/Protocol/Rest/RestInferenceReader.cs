using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using Maas.Core;
using Maas.Core.Inference;
using Microsoft.AspNetCore.Http;

namespace Maas.Server.Inference.Protocol.Rest;

/// <summary>
/// The entry point for REST inference requests: JSON, optionally followed by binary tensors
/// (<c>Inference-Header-Content-Length</c>). No Content-Type is required, because tritonclient sends none; a body
/// labelled as anything the codec does not parse (pickle, Java serialisation, msgpack…) is refused with 415 before it
/// is read (see <see cref="RestHeaders.IsParsedMediaType"/>).
/// </summary>
internal static class RestInferenceReader
{
    /// <summary>Bodies from this size up are read into an array rented from the shared pool (see <see cref="ReadPooledAsync"/>).</summary>
    public const int PooledBodyBytes = 64 * 1024;

    /// <summary>
    /// Reads and decodes a request. A body of known length from <see cref="PooledBodyBytes"/> up is read into an array
    /// rented from <paramref name="pool"/>, since binary inputs keep slices of it: the caller returns
    /// <c>Rented</c> to the pool once nothing can read the request's inputs any more (after its inference has
    /// finished), and simply drops it otherwise. Images and other large tensors would otherwise each cost a
    /// large-object-heap array, which only a full garbage collection reclaims.
    /// </summary>
    public static ValueTask<(InferenceRequestMessage Request, byte[]? Rented)> ReadPooledAsync(
        HttpRequest request, InferenceLimits limits, ArrayPool<byte> pool, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(pool);
        if (!RestHeaders.IsParsedMediaType(request.ContentType))
        {
            throw new MaasException(
                ErrorCode.UnsupportedMediaType,
                $"Content-Type '{RestHeaders.MediaTypeOf(request.ContentType!)}' is not a format inference reads; send JSON as application/json, or the binary tensor extension (JSON, then the tensors, with {RestHeaders.InferenceHeaderContentLength}) as application/octet-stream.");
        }

        var encoding = request.Headers.ContentEncoding;
        if (encoding.Count > 0 && !string.Equals(encoding.ToString(), "identity", StringComparison.OrdinalIgnoreCase))
        {
            throw new MaasException(ErrorCode.UnsupportedMediaType, $"Content-Encoding '{encoding}' is not supported; send the body uncompressed.");
        }

        var header = request.Headers[RestHeaders.InferenceHeaderContentLength];
        if (header.Count > 1)
        {
            throw MaasException.Invalid($"The {RestHeaders.InferenceHeaderContentLength} header appears more than once.");
        }

        return ReadBodyAsync(request.BodyReader, request.ContentLength, header.Count == 0 ? null : header[0], limits, pool, cancellationToken);
    }

    private static async ValueTask<(InferenceRequestMessage Request, byte[]? Rented)> ReadBodyAsync(
        PipeReader body, long? contentLength, string? inferenceHeaderContentLength, InferenceLimits limits, ArrayPool<byte> pool, CancellationToken cancellationToken)
    {
        var rented = contentLength is >= PooledBodyBytes && contentLength <= Math.Min(limits.MaxBodyBytes, Array.MaxLength)
            ? pool.Rent((int)contentLength)
            : null;
        var bytes = await RequestBody.ReadAsync(body, contentLength, limits.MaxBodyBytes, cancellationToken, rented);
        return (Parse(bytes, inferenceHeaderContentLength, limits), rented);
    }

    /// <summary>Decodes a whole body. Binary inputs keep slices of <paramref name="body"/>, which must not be reused.</summary>
    private static InferenceRequestMessage Parse(ReadOnlyMemory<byte> body, string? inferenceHeaderContentLength, InferenceLimits limits)
    {
        var jsonLength = JsonLength(inferenceHeaderContentLength, body.Length);
        var parsed = RestRequestParser.Parse(body.Span[..jsonLength], limits);
        var blobs = body[jsonLength..];
        var inputs = new InferTensor[parsed.Inputs.Count];
        for (var i = 0; i < inputs.Length; i++)
        {
            var input = parsed.Inputs[i];
            inputs[i] = input.Tensor ?? TakeBlob(input, ref blobs, inferenceHeaderContentLength is not null, limits);
        }

        if (!blobs.IsEmpty)
        {
            throw MaasException.Invalid($"The request has {blobs.Length} bytes of binary data after the JSON header that no input claims.");
        }

        return new InferenceRequestMessage(parsed.Id, inputs, parsed.Outputs, parsed.BinaryOutputDefault);
    }

    private static int JsonLength(string? header, int bodyLength)
    {
        if (header is null)
        {
            return bodyLength;
        }

        if (!int.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length > bodyLength)
        {
            throw MaasException.Invalid(
                $"The {RestHeaders.InferenceHeaderContentLength} header must be a whole number from 0 to the body length ({bodyLength}), not '{header}'.");
        }

        // Triton reads a zero-length header as one raw input with no JSON at all; Maas needs the JSON to know the input.
        if (length == 0)
        {
            throw MaasException.Invalid(
                $"{RestHeaders.InferenceHeaderContentLength}: 0 (a raw body without a JSON header) is not supported; send the JSON header first.");
        }

        return length;
    }

    private static InferTensor TakeBlob(PendingInput input, ref ReadOnlyMemory<byte> blobs, bool hasHeader, InferenceLimits limits)
    {
        var size = input.BinaryDataSize!.Value;
        if (!hasHeader)
        {
            throw MaasException.Invalid(
                $"Input '{input.Name}' has parameters.binary_data_size, but the request has no {RestHeaders.InferenceHeaderContentLength} header.");
        }

        var declaration = input.Declaration;
        if (declaration.Datatype != TensorDataType.BYTES)
        {
            var expected = TensorChecks.ByteSize(input.Name, declaration.Datatype, declaration.ElementCount);
            if (size != expected)
            {
                throw MaasException.Invalid(
                    $"Input '{input.Name}' has binary_data_size {size}, but shape {TensorShapes.Format(declaration.Shape)} of {declaration.Datatype} needs {expected}.");
            }
        }

        if (size > blobs.Length)
        {
            throw MaasException.Invalid(
                $"Input '{input.Name}' has binary_data_size {size}, but only {blobs.Length} bytes of binary data remain.");
        }

        var blob = blobs[..(int)size];
        blobs = blobs[(int)size..];
        return RawTensorDecoder.Decode(declaration, blob, limits);
    }
}
