"""Why each request got less than it asked: reasons in the format's vocabulary, all true claims."""
