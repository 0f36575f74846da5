"""The leader's old start page /ledelse, which now leads to management information (/indsigt)."""
