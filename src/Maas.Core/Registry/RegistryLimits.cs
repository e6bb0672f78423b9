namespace Maas.Core.Registry;

/// <summary>Bounds on model metadata, checked before anything is stored.</summary>
public static class RegistryLimits
{
    public const int MaxDescriptionLength = 4096;
    public const int MaxTags = 64;
    public const int MaxTagKeyLength = 128;
    public const int MaxTagValueLength = 1024;
    public const int MaxLabels = 100_000;
    public const int MaxLabelLength = 256;
    public const int MaxPageSize = 1000;
    public const int DefaultPageSize = 100;

    /// <summary>Throws <see cref="ErrorCode.InvalidArgument"/> when any metadata value is out of bounds.</summary>
    public static void ValidateMetadata(string? description, IReadOnlyDictionary<string, string>? tags, IReadOnlyList<string>? labels)
    {
        if (description is { Length: > MaxDescriptionLength })
        {
            throw MaasException.Invalid($"The description is {description.Length} characters long; the limit is {MaxDescriptionLength}.");
        }

        // A description may span lines; every other field is one line of printable text.
        TextRules.Validate(description, "description", allowLineBreaks: true);

        if (tags is not null)
        {
            if (tags.Count > MaxTags)
            {
                throw MaasException.Invalid($"A model may have at most {MaxTags} tags; {tags.Count} were given.");
            }

            foreach (var (key, value) in tags)
            {
                if (string.IsNullOrWhiteSpace(key) || key.Length > MaxTagKeyLength)
                {
                    throw MaasException.Invalid($"Tag keys must be 1 to {MaxTagKeyLength} printable characters.");
                }

                TextRules.Validate(key, $"tag key '{TextRules.Escape(key)}'");
                if (value is null || value.Length > MaxTagValueLength)
                {
                    throw MaasException.Invalid($"The value of tag '{key}' must be a string of at most {MaxTagValueLength} characters.");
                }

                TextRules.Validate(value, $"value of tag '{key}'");
            }
        }

        if (labels is not null)
        {
            if (labels.Count > MaxLabels)
            {
                throw MaasException.Invalid($"A model may have at most {MaxLabels} class labels; {labels.Count} were given.");
            }

            if (labels.Any(l => l is null || l.Length > MaxLabelLength))
            {
                throw MaasException.Invalid($"Class labels must be strings of at most {MaxLabelLength} characters.");
            }

            for (var i = 0; i < labels.Count; i++)
            {
                TextRules.Validate(labels[i], $"class label {i + 1}");
            }
        }
    }
}
