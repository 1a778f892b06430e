"""Additional information requests: the team's requests file and the council's tracker."""
