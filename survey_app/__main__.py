from survey_app.cli.gui_start import command_line

command_line()
