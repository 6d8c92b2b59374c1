// The dashboard's script (placeholder until the page lands): it shows nothing without a token.
document.documentElement.dataset.isocron = "ready";
