using System.Text.Json;
using Maas.Core.Training;

namespace Maas.Client.Training;

/// <summary>The client's reading of <see cref="TrainingSpec"/>: the management API's JSON settings live here, not in Core.</summary>
public static class TrainingSpecExtensions
{
    extension(TrainingSpec)
    {
        /// <summary>
        /// Reads a spec the server sent back, such as <see cref="JobInfo.Spec"/> or <see cref="ModelLineage.Spec"/>;
        /// <c>null</c> when it is not a spec this client understands. Members the JSON leaves out take their defaults.
        /// </summary>
        /// <param name="json">The spec as JSON.</param>
        public static TrainingSpec? FromJson(JsonElement json)
        {
            if (json.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            try
            {
                return json.Deserialize<TrainingSpec>(MaasJson.Options);
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
