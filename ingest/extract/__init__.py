"""Statement extraction: the spaCy pipeline and the rules that find who said what."""
