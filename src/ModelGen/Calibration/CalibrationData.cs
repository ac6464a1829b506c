using System;

namespace ModelGen.Calibration;

/// <summary>The checks every calibrator makes on its validation data.</summary>
internal static class CalibrationData
{
    public static (int Positives, int Negatives) Validate(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, string method)
    {
        if (scores.Length != labels.Length)
        {
            throw new ArgumentException($"{scores.Length} scores but {labels.Length} labels.", nameof(labels));
        }

        int positives = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            if (!float.IsFinite(scores[i]))
            {
                throw new ArgumentException($"Score {i} is {scores[i]}; calibration needs finite scores.", nameof(scores));
            }

            if (labels[i] is not (0f or 1f))
            {
                throw new ArgumentException($"Label {i} is {labels[i]}; labels must be 0 or 1.", nameof(labels));
            }

            positives += labels[i] == 1f ? 1 : 0;
        }

        int negatives = scores.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            throw new ArgumentException($"{method} needs both classes in the validation data ({positives} positive, {negatives} negative).", nameof(labels));
        }

        return (positives, negatives);
    }
}
