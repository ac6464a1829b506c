namespace ModelGen.Calibration;

/// <summary>
/// Maps a model's raw positive-class score to a calibrated probability, fitted on validation data the model was not
/// trained on (scikit-learn's <c>CalibratedClassifierCV</c> with a prefit model).
/// </summary>
public interface ICalibrator
{
    /// <summary>The calibrated probability of the positive class for <paramref name="score"/>.</summary>
    float Calibrate(float score);
}
