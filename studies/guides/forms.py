from django import forms

from studies.models import GuideQuestion


class QuestionForm(forms.ModelForm):
    class Meta:
        model = GuideQuestion
        fields = ["text", "intent", "probing", "max_follow_ups", "estimated_minutes"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "probing": forms.Textarea(attrs={"rows": 2})}
