using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Madoguchi.Core.Tests.Procedures;

/// <summary>
/// A small JSON Schema (draft 2020-12) checker for the keywords docs/schema uses, so that the tests can hold the
/// published schema and the documents that claim to follow it together without a schema library. A keyword it does
/// not know is an error rather than silently ignored: if the schema starts using one, this must learn it first.
/// </summary>
internal sealed class JsonSchemaChecker
{
    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal)
    {
        "$schema", "$id", "$defs", "title", "description", "default", "then", "else",
    };

    private readonly JsonElement _root;

    public JsonSchemaChecker(JsonElement root)
    {
        _root = root;
    }

    /// <summary>Every violation as "path: what is wrong"; empty when the instance is valid.</summary>
    public List<string> Validate(JsonElement instance)
    {
        var errors = new List<string>();
        Check(_root, instance, "$", errors);
        return errors;
    }

    private bool IsValid(JsonElement schema, JsonElement value)
    {
        var errors = new List<string>();
        Check(schema, value, "$", errors);
        return errors.Count == 0;
    }

    private void Check(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.ValueKind == JsonValueKind.True)
        {
            return;
        }

        if (schema.ValueKind == JsonValueKind.False)
        {
            errors.Add($"{path}: no value is allowed here");
            return;
        }

        foreach (var keyword in schema.EnumerateObject())
        {
            var k = keyword.Value;
            switch (keyword.Name)
            {
                case var name when Annotations.Contains(name):
                    break;
                case "$ref":
                    Check(Resolve(k.GetString()!), value, path, errors);
                    break;
                case "type":
                    if (!HasType(value, k.GetString()!))
                    {
                        errors.Add($"{path}: expected {k.GetString()}, found {value.ValueKind}");
                    }

                    break;
                case "const":
                    if (!JsonElement.DeepEquals(k, value))
                    {
                        errors.Add($"{path}: must be {k.GetRawText()}");
                    }

                    break;
                case "enum":
                    if (!k.EnumerateArray().Any(option => JsonElement.DeepEquals(option, value)))
                    {
                        errors.Add($"{path}: {value.GetRawText()} is not one of {k.GetRawText()}");
                    }

                    break;
                case "format":
                    if (k.GetString() == "date" && value.ValueKind == JsonValueKind.String
                        && !DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                    {
                        errors.Add($"{path}: \"{value.GetString()}\" is not a date (yyyy-mm-dd)");
                    }

                    break;
                case "pattern":
                    if (value.ValueKind == JsonValueKind.String && !Regex.IsMatch(value.GetString()!, k.GetString()!, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
                    {
                        errors.Add($"{path}: \"{value.GetString()}\" does not match {k.GetString()}");
                    }

                    break;
                case "minLength" or "maxLength":
                    if (value.ValueKind == JsonValueKind.String)
                    {
                        var length = value.GetString()!.EnumerateRunes().Count();
                        if (keyword.Name == "minLength" ? length < k.GetInt32() : length > k.GetInt32())
                        {
                            errors.Add($"{path}: length {length} breaks {keyword.Name} {k.GetInt32()}");
                        }
                    }

                    break;
                case "minimum" or "maximum":
                    if (value.ValueKind == JsonValueKind.Number)
                    {
                        var number = value.GetDecimal();
                        if (keyword.Name == "minimum" ? number < k.GetDecimal() : number > k.GetDecimal())
                        {
                            errors.Add($"{path}: {number} breaks {keyword.Name} {k.GetDecimal()}");
                        }
                    }

                    break;
                case "minItems" or "maxItems":
                    if (value.ValueKind == JsonValueKind.Array)
                    {
                        var count = value.GetArrayLength();
                        if (keyword.Name == "minItems" ? count < k.GetInt32() : count > k.GetInt32())
                        {
                            errors.Add($"{path}: {count} items break {keyword.Name} {k.GetInt32()}");
                        }
                    }

                    break;
                case "uniqueItems":
                    if (value.ValueKind == JsonValueKind.Array && k.GetBoolean())
                    {
                        var items = value.EnumerateArray().ToList();
                        for (var i = 0; i < items.Count; i++)
                        {
                            if (items.Skip(i + 1).Any(other => JsonElement.DeepEquals(items[i], other)))
                            {
                                errors.Add($"{path}[{i}]: {items[i].GetRawText()} is repeated");
                            }
                        }
                    }

                    break;
                case "items":
                    if (value.ValueKind == JsonValueKind.Array)
                    {
                        var index = 0;
                        foreach (var item in value.EnumerateArray())
                        {
                            Check(k, item, $"{path}[{index}]", errors);
                            index++;
                        }
                    }

                    break;
                case "properties":
                    if (value.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var property in value.EnumerateObject())
                        {
                            if (k.TryGetProperty(property.Name, out var propertySchema))
                            {
                                Check(propertySchema, property.Value, $"{path}.{property.Name}", errors);
                            }
                        }
                    }

                    break;
                case "required":
                    if (value.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var name in k.EnumerateArray().Select(n => n.GetString()!))
                        {
                            if (!value.TryGetProperty(name, out _))
                            {
                                errors.Add($"{path}: \"{name}\" is required");
                            }
                        }
                    }

                    break;
                case "additionalProperties":
                    if (value.ValueKind == JsonValueKind.Object)
                    {
                        var declared = schema.TryGetProperty("properties", out var properties) ? properties : default;
                        foreach (var property in value.EnumerateObject())
                        {
                            if (declared.ValueKind != JsonValueKind.Object || !declared.TryGetProperty(property.Name, out _))
                            {
                                if (k.ValueKind == JsonValueKind.False)
                                {
                                    errors.Add($"{path}: \"{property.Name}\" is not allowed");
                                }
                                else
                                {
                                    Check(k, property.Value, $"{path}.{property.Name}", errors);
                                }
                            }
                        }
                    }

                    break;
                case "allOf":
                    foreach (var part in k.EnumerateArray())
                    {
                        Check(part, value, path, errors);
                    }

                    break;
                case "anyOf" or "oneOf":
                    var matches = k.EnumerateArray().Count(part => IsValid(part, value));
                    if (keyword.Name == "anyOf" ? matches == 0 : matches != 1)
                    {
                        errors.Add($"{path}: matches {matches} of the {keyword.Name} alternatives");
                    }

                    break;
                case "not":
                    if (IsValid(k, value))
                    {
                        errors.Add($"{path}: must not match {k.GetRawText()}");
                    }

                    break;
                case "if":
                    var branch = IsValid(k, value) ? "then" : "else";
                    if (schema.TryGetProperty(branch, out var chosen))
                    {
                        Check(chosen, value, path, errors);
                    }

                    break;
                default:
                    throw new NotSupportedException($"The schema uses \"{keyword.Name}\", which this checker does not implement yet.");
            }
        }
    }

    private static bool HasType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) && decimal.Truncate(d) == d,
        _ => throw new NotSupportedException($"Unknown JSON Schema type \"{type}\"."),
    };

    private JsonElement Resolve(string reference)
    {
        const string Prefix = "#/$defs/";
        if (!reference.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new NotSupportedException($"Only local #/$defs/ references are supported, not \"{reference}\".");
        }

        return _root.GetProperty("$defs").GetProperty(reference[Prefix.Length..]);
    }
}
