"""Adobe Experience Platform screens: shell, Destinations workspace, accounts, dataflows."""
